import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `npm run lint` must fail on a planted violation of each rule it promises
 * (docs/architecture.md, "Rules the tools enforce"). The type-aware rules need
 * files the TypeScript project knows, so the plants are written into a
 * scratch folder inside libs/ for the duration of the test. Both tools run
 * as the lint script runs them, as processes (their configs are ES modules,
 * which Jest's module system cannot load).
 */
const ROOT = join(__dirname, '..', '..');
const SCRATCH = join(ROOT, 'libs', 'platform', 'src', `lint-plant-${process.pid}`);

const PLANTS: Record<string, { file: string; source: string; rule: string }> = {
  'a floating promise': {
    file: 'floating.ts',
    source: 'async function work(): Promise<void> {}\nexport function start(): void {\n  work();\n}\n',
    rule: '@typescript-eslint/no-floating-promises',
  },
  'a promise where a void callback is expected': {
    file: 'misused.ts',
    source:
      'export function each(items: number[]): void {\n  items.forEach(async (item) => {\n    await Promise.resolve(item);\n  });\n}\n',
    rule: '@typescript-eslint/no-misused-promises',
  },
  'awaiting a value that is not a promise': {
    file: 'thenable.ts',
    source: 'export async function twice(value: number): Promise<number> {\n  return (await value) * 2;\n}\n',
    rule: '@typescript-eslint/await-thenable',
  },
  'a switch missing a case of its union': {
    file: 'switch.ts',
    source:
      "export function label(kind: 'a' | 'b'): string {\n  switch (kind) {\n    case 'a':\n      return 'A';\n  }\n  return '?';\n}\n",
    rule: '@typescript-eslint/switch-exhaustiveness-check',
  },
  'a value import used only as a type': {
    file: 'type-import.ts',
    source: "import { Logger } from '@nestjs/common';\nexport function name(logger: Logger): string {\n  return typeof logger;\n}\n",
    rule: '@typescript-eslint/consistent-type-imports',
  },
  'a condition that is always true': {
    file: 'condition.ts',
    source: "export function shout(text: string): string {\n  return (text ?? '').toUpperCase();\n}\n",
    rule: '@typescript-eslint/no-unnecessary-condition',
  },
  'a raw event emitter in a library': {
    file: 'emitter.ts',
    source: "import { OnEvent } from '@nestjs/event-emitter';\nexport const listen = OnEvent;\n",
    rule: 'no-restricted-imports',
  },
  'a query built in a service': {
    file: 'plant.service.ts',
    source:
      "import type { DataSource } from 'typeorm';\nexport class PlantService {\n  constructor(private readonly db: DataSource) {}\n  count(): Promise<unknown> {\n    return this.db.query('SELECT 1');\n  }\n}\n",
    rule: 'no-restricted-syntax',
  },
  'a caller asserted non-null': {
    file: 'caller.ts',
    source:
      "import { RequestContext } from '../tenancy/request-context';\nexport const me = (): string => RequestContext.principal()!.userId;\n",
    rule: 'no-restricted-syntax',
  },
};

describe('npm run lint fails on a planted violation of each rule', () => {
  let results: Map<string, string[]>;

  beforeAll(async () => {
    mkdirSync(SCRATCH, { recursive: true });
    for (const plant of Object.values(PLANTS)) writeFileSync(join(SCRATCH, plant.file), plant.source);
    const files = Object.values(PLANTS).map((plant) => join(SCRATCH, plant.file));
    // ESLint exits 1 when it finds problems; its JSON report is on stdout either way.
    const { stdout } = await run(
      process.execPath,
      [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', ...files],
      {
        cwd: ROOT,
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '[]' }));
    const reports = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
    results = new Map(reports.map((report) => [report.filePath, report.messages.map((message) => message.ruleId ?? message.message)]));
  }, 120_000);

  afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

  it.each(Object.entries(PLANTS))('ESLint flags %s', (_, plant) => {
    expect(results.get(join(SCRATCH, plant.file))).toContain(plant.rule);
  });

  it('Prettier flags a file that is not in its format, and passes one that is', async () => {
    const check = (file: string) =>
      run(process.execPath, [join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', file], { cwd: ROOT }).then(
        () => 'formatted',
        () => 'not formatted',
      );
    writeFileSync(join(SCRATCH, 'unformatted.ts'), 'export const a = {b:1,\n c:2}\n');
    writeFileSync(join(SCRATCH, 'formatted.ts'), 'export const a = { b: 1, c: 2 };\n');
    expect(await check(join(SCRATCH, 'unformatted.ts'))).toBe('not formatted');
    expect(await check(join(SCRATCH, 'formatted.ts'))).toBe('formatted');
  });
});
