import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/**
 * The rules of .dependency-cruiser.cjs and of the ESLint plugin in this folder, run on a scratch
 * repository: a tree that keeps every rule gets no violation, and each planted file breaks exactly
 * the rules it is planted for. A rule that stops firing (a regex that no longer matches, an option
 * that stops resolving @quorum/*) fails here instead of passing silently in `npm run lint`.
 */

const REPO = path.resolve(__dirname, '../..');
const run = promisify(execFile);

type Files = Record<string, string>;

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** A small repository laid out like this one, keeping every rule. */
const CLEAN: Files = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2023',
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      paths: { '@quorum/*': ['./libs/*/src'] },
    },
    include: ['apps', 'libs', 'test', 'bench'],
  }),
  'libs/platform/src/index.ts': "export * from './app-config';\n",
  'libs/platform/src/app-config.ts': 'export class AppConfig {\n  readonly port = 3000;\n}\n',
  'libs/tenants/src/index.ts': "export * from './entities/tenant.entity';\nexport * from './tenants.service';\n",
  'libs/tenants/src/entities/tenant.entity.ts': "export class Tenant {\n  id = '';\n}\n",
  'libs/tenants/src/tenants.service.ts':
    "import { AppConfig } from '@quorum/platform';\nimport { Tenant } from './entities/tenant.entity';\n" +
    'export class TenantsService {\n  constructor(readonly config: AppConfig) {}\n  find(): Tenant[] {\n    return [];\n  }\n}\n',
  'libs/meetings/src/index.ts': "export * from './meetings.service';\n",
  'libs/meetings/src/meetings.service.ts':
    "import { TenantsService } from '@quorum/tenants';\nexport class MeetingsService {\n  constructor(readonly tenants: TenantsService) {}\n}\n",
  // Imports a service from the same index that exports the Tenant entity: allowed.
  'libs/meetings/src/meetings.controller.ts':
    "import { TenantsService } from '@quorum/tenants';\nimport { MeetingsService } from './meetings.service';\n" +
    'export class MeetingsController {\n  constructor(\n    readonly meetings: MeetingsService,\n    readonly tenants: TenantsService,\n  ) {}\n}\n',
  'libs/ai/src/index.ts': "export * from './assistant';\n",
  'libs/ai/src/assistant.ts': "import { AppConfig } from '@quorum/platform';\nexport const assistant = new AppConfig();\n",
  'libs/rag/src/index.ts': "import { assistant } from '@quorum/ai';\nexport const retriever = assistant;\n",
  'apps/api/src/main.ts':
    "import { AppModule } from './app.module';\nimport { setupHttp } from './bootstrap/setup-http';\nexport const main = [AppModule, setupHttp];\n",
  'apps/api/src/app.module.ts':
    "import { MeetingsService } from '@quorum/meetings';\nimport { ServiceInfoController } from './service-info.controller';\n" +
    'export class AppModule {\n  static wiring = [MeetingsService, ServiceInfoController];\n}\n',
  'apps/api/src/service-info.controller.ts':
    "import { AppConfig } from '@quorum/platform';\nexport class ServiceInfoController {\n  constructor(readonly config: AppConfig) {}\n}\n",
  'apps/api/src/bootstrap/setup-http.ts':
    "import { AppConfig } from '@quorum/platform';\nexport const setupHttp = (config: AppConfig) => config.port;\n",
  'apps/worker/src/main.ts': "import { WorkerModule } from './worker.module';\nexport const main = WorkerModule;\n",
  'apps/worker/src/worker.module.ts':
    "import { AppConfig } from '@quorum/platform';\nexport class WorkerModule {\n  static wiring = [AppConfig];\n}\n",
  'test/support/helper.ts': "import { AppConfig } from '@quorum/platform';\nexport const helper = new AppConfig();\n",
  'bench/run.ts': "import { helper } from '../test/support/helper';\nexport const run = helper;\n",
};

/**
 * One planted file (or pair) per rule; the rule each must break, and the dependency it is reported on
 * (for a cycle, one edge of it: dependency-cruiser reports a cycle once, on an edge of its choosing).
 */
const PLANTS: { rule: string; files: Files; from: string | string[]; to: string | string[] }[] = [
  {
    rule: 'platform-imports-no-domain-library',
    files: { 'libs/platform/src/planted-domain.ts': "export { TenantsService } from '@quorum/tenants';\n" },
    from: 'libs/platform/src/planted-domain.ts',
    to: 'libs/tenants/src/index.ts',
  },
  {
    rule: 'library-layering',
    files: { 'libs/tenants/src/planted-layering.ts': "export { MeetingsService } from '@quorum/meetings';\n" },
    from: 'libs/tenants/src/planted-layering.ts',
    to: 'libs/meetings/src/index.ts',
  },
  {
    rule: 'library-not-in-graph',
    files: { 'libs/unlisted/src/index.ts': "export { AppConfig } from '@quorum/platform';\n" },
    from: 'libs/unlisted/src/index.ts',
    to: 'libs/platform/src/index.ts',
  },
  {
    rule: 'cross-library-deep-import',
    files: { 'libs/meetings/src/planted-deep.ts': "export { TenantsService } from '../../tenants/src/tenants.service';\n" },
    from: 'libs/meetings/src/planted-deep.ts',
    to: 'libs/tenants/src/tenants.service.ts',
  },
  {
    rule: 'cross-library-relative-import',
    files: { 'libs/meetings/src/planted-relative.ts': "export { TenantsService } from '../../tenants/src';\n" },
    from: 'libs/meetings/src/planted-relative.ts',
    to: 'libs/tenants/src/index.ts',
  },
  {
    rule: 'library-imports-itself-by-alias',
    files: { 'libs/meetings/src/planted-self.ts': "export { MeetingsService } from '@quorum/meetings';\n" },
    from: 'libs/meetings/src/planted-self.ts',
    to: 'libs/meetings/src/index.ts',
  },
  {
    rule: 'library-imports-no-app-or-test',
    files: { 'libs/tenants/src/planted-test.ts': "export { helper } from '../../../test/support/helper';\n" },
    from: 'libs/tenants/src/planted-test.ts',
    to: 'test/support/helper.ts',
  },
  {
    rule: 'test-imports-no-bench',
    files: {
      'bench/lib/stats.ts': 'export const percentile = 0.99;\n',
      'test/support/planted-bench.ts': "export { percentile } from '../../bench/lib/stats';\n",
    },
    from: 'test/support/planted-bench.ts',
    to: 'bench/lib/stats.ts',
  },
  {
    rule: 'bench-imports-only-test-support',
    files: {
      'test/planted.e2e-spec.ts': "export { helper } from './support/helper';\n",
      'bench/planted-bench.ts': "export { helper } from '../test/planted.e2e-spec';\n",
    },
    from: 'bench/planted-bench.ts',
    to: 'test/planted.e2e-spec.ts',
  },
  {
    // ai's index exports a file that imports rag, whose index imports ai (also a layering violation, as every library cycle is).
    rule: 'no-library-cycle',
    files: {
      'libs/ai/src/index.ts': "export * from './assistant';\nexport * from './planted-cycle';\n",
      'libs/ai/src/planted-cycle.ts': "export { retriever } from '@quorum/rag';\n",
    },
    from: ['libs/ai/src/index.ts', 'libs/ai/src/planted-cycle.ts', 'libs/rag/src/index.ts'],
    to: ['libs/ai/src/index.ts', 'libs/ai/src/planted-cycle.ts', 'libs/rag/src/index.ts'],
  },
  {
    rule: 'no-file-cycle',
    files: {
      'libs/meetings/src/planted-cycle-a.ts': "import { b } from './planted-cycle-b';\nexport const a = () => b;\n",
      'libs/meetings/src/planted-cycle-b.ts':
        "import { type a } from './planted-cycle-a';\nexport const b = (): typeof a | undefined => undefined;\n",
    },
    from: ['libs/meetings/src/planted-cycle-a.ts', 'libs/meetings/src/planted-cycle-b.ts'],
    to: ['libs/meetings/src/planted-cycle-a.ts', 'libs/meetings/src/planted-cycle-b.ts'],
  },
  {
    rule: 'no-file-cycle',
    files: {
      'test/support/planted-cycle-a.ts': "import { b } from './planted-cycle-b';\nexport const a = () => b;\n",
      'test/support/planted-cycle-b.ts': "import { a } from './planted-cycle-a';\nexport const b = () => a;\n",
    },
    from: ['test/support/planted-cycle-a.ts', 'test/support/planted-cycle-b.ts'],
    to: ['test/support/planted-cycle-a.ts', 'test/support/planted-cycle-b.ts'],
  },
  {
    rule: 'controller-imports-no-foreign-persistence',
    files: { 'libs/meetings/src/planted-entity.controller.ts': "export { Tenant } from '../../tenants/src/entities/tenant.entity';\n" },
    from: 'libs/meetings/src/planted-entity.controller.ts',
    to: 'libs/tenants/src/entities/tenant.entity.ts',
  },
  {
    rule: 'app-only-wires',
    files: {
      'apps/api/src/planted.service.ts':
        "import { MeetingsService } from '@quorum/meetings';\nexport class PlantedService extends MeetingsService {}\n",
    },
    from: 'apps/api/src/planted.service.ts',
    to: 'libs/meetings/src/index.ts',
  },
  {
    rule: 'app-only-wires',
    files: {
      'apps/api/src/bootstrap/setup-planted.ts':
        "import { helperOfTheApp } from '../planted-helper';\nexport const setupPlanted = helperOfTheApp;\n",
      'apps/api/src/planted-helper.ts': 'export const helperOfTheApp = 1;\n',
    },
    from: 'apps/api/src/bootstrap/setup-planted.ts',
    to: 'apps/api/src/planted-helper.ts',
  },
  {
    rule: 'app-only-wires',
    files: { 'apps/api/src/planted-orphan.ts': 'export const orphan = 1;\n' },
    from: 'apps/api/src/planted-orphan.ts',
    to: 'apps/api/src/planted-orphan.ts',
  },
  {
    rule: 'app-imports-no-other-app',
    files: { 'apps/worker/src/bootstrap/setup-planted.ts': "export { AppModule } from '../../../api/src/app.module';\n" },
    from: 'apps/worker/src/bootstrap/setup-planted.ts',
    to: 'apps/api/src/app.module.ts',
  },
  {
    rule: 'no-unresolvable-import',
    files: { 'libs/meetings/src/planted-unresolvable.ts': "export { nothing } from './does-not-exist';\n" },
    from: 'libs/meetings/src/planted-unresolvable.ts',
    to: './does-not-exist',
  },
];

/** What the plants break besides the rule each is planted for. */
const EXTRA: Violation[] = [
  { rule: 'cross-library-relative-import', from: 'libs/meetings/src/planted-deep.ts', to: 'libs/tenants/src/tenants.service.ts' },
  {
    rule: 'cross-library-deep-import',
    from: 'libs/meetings/src/planted-entity.controller.ts',
    to: 'libs/tenants/src/entities/tenant.entity.ts',
  },
  {
    rule: 'cross-library-relative-import',
    from: 'libs/meetings/src/planted-entity.controller.ts',
    to: 'libs/tenants/src/entities/tenant.entity.ts',
  },
  { rule: 'library-layering', from: 'libs/ai/src/planted-cycle.ts', to: 'libs/rag/src/index.ts' },
];

/** Writes `files` into a fresh scratch repository whose node_modules is this one's. */
function scratchRepository(files: Files): string {
  const root = mkdtempSync(path.join(tmpdir(), 'quorum-architecture-'));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function cruise(root: string): Promise<Violation[]> {
  const cli = path.join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const args = [cli, '--config', path.join(REPO, '.dependency-cruiser.cjs'), '--output-type', 'json', 'apps', 'libs', 'test', 'bench'];
  // Exit code 1 just means "violations found"; the JSON report is on stdout either way.
  const { stdout } = await run(process.execPath, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`dependency-cruiser failed: ${error.stderr}`);
      return { stdout: error.stdout };
    },
  );
  const report = JSON.parse(stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return report.summary.violations.map(({ rule, from, to }) => ({ rule: rule.name, from, to }));
}

async function eslint(root: string, files: string[]): Promise<{ file: string; rule: string | null; message: string }[]> {
  writeFileSync(
    path.join(root, 'eslint.config.mjs'),
    `import tseslint from 'typescript-eslint';\n` +
      `import quorum from ${JSON.stringify(pathToFileURL(path.join(__dirname, 'eslint-plugin-quorum.mjs')).href)};\n` +
      `export default [{\n` +
      `  files: ['**/*.ts'],\n` +
      `  languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: ${JSON.stringify(root)} } },\n` +
      `  plugins: { quorum },\n` +
      `  rules: { 'quorum/controller-imports-no-foreign-persistence': 'error' },\n` +
      `}];\n`,
  );
  const cli = path.join(REPO, 'node_modules/eslint/bin/eslint.js');
  const { stdout } = await run(process.execPath, [cli, '--format', 'json', ...files], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`eslint failed: ${error.stderr}`);
      return { stdout: error.stdout };
    },
  );
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
  return results.flatMap((result) =>
    result.messages.map((message) => ({ file: path.relative(root, result.filePath), rule: message.ruleId, message: message.message })),
  );
}

describe('architecture rules (.dependency-cruiser.cjs)', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('plants a violation of every rule the configuration has', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the configuration is CommonJS, as dependency-cruiser reads it
    const config = require('../../.dependency-cruiser.cjs') as { forbidden: { name: string }[] };
    expect(new Set(PLANTS.map((plant) => plant.rule))).toEqual(new Set(config.forbidden.map((rule) => rule.name)));
  });

  it('finds nothing in a tree that keeps every rule', async () => {
    const root = scratchRepository(CLEAN);
    roots.push(root);
    expect(await cruise(root)).toEqual([]);
  });

  describe('with one violation of each rule planted', () => {
    let violations: Violation[];
    beforeAll(async () => {
      const root = scratchRepository(Object.assign({}, CLEAN, ...PLANTS.map((plant) => plant.files)));
      roots.push(root);
      violations = await cruise(root);
    });

    const among = (file: string, files: string | string[]) => [files].flat().includes(file);

    it.each(PLANTS.map((plant) => [plant.rule, [plant.from].flat()[0], plant] as const))('%s fires on %s', (_rule, _from, plant) => {
      const reported = violations.filter(({ rule, from, to }) => rule === plant.rule && among(from, plant.from) && among(to, plant.to));
      expect(reported).toHaveLength(1);
    });

    it('reports nothing else: only planted files, only under the rules planted there', () => {
      const expected = (violation: Violation) =>
        PLANTS.some((plant) => plant.rule === violation.rule && among(violation.from, plant.from) && among(violation.to, plant.to)) ||
        // A deep import is also a relative one, and so is the controller's; a library cycle also breaks the layering.
        EXTRA.some((extra) => extra.rule === violation.rule && extra.from === violation.from && extra.to === violation.to);
      expect(violations.filter((violation) => !expected(violation))).toEqual([]);
      expect(violations).toHaveLength(PLANTS.length + EXTRA.length);
    });
  });

  it("ESLint's quorum/controller-imports-no-foreign-persistence sees an entity imported through a library's index", async () => {
    const root = scratchRepository({
      ...CLEAN,
      'libs/meetings/src/planted-barrel.controller.ts':
        "import { Tenant } from '@quorum/tenants';\nexport class PlantedController {\n  list(): Tenant[] {\n    return [];\n  }\n}\n",
      'libs/meetings/src/planted-namespace.controller.ts':
        "import * as tenants from '@quorum/tenants';\nexport class PlantedController {\n  list(): tenants.Tenant[] {\n    return [];\n  }\n  service = tenants.TenantsService;\n}\n",
      // A library's own entities are its controllers' business.
      'libs/tenants/src/tenants.controller.ts':
        "import { Tenant } from './entities/tenant.entity';\nexport class TenantsController {\n  list(): Tenant[] {\n    return [];\n  }\n}\n",
    });
    roots.push(root);
    const messages = await eslint(root, [
      'libs/meetings/src/meetings.controller.ts',
      'libs/meetings/src/planted-barrel.controller.ts',
      'libs/meetings/src/planted-namespace.controller.ts',
      'libs/tenants/src/tenants.controller.ts',
    ]);
    expect(messages).toEqual([
      {
        file: 'libs/meetings/src/planted-barrel.controller.ts',
        rule: 'quorum/controller-imports-no-foreign-persistence',
        message: expect.stringContaining("'Tenant' is declared in libs/tenants/src/entities/tenant.entity.ts"),
      },
      {
        file: 'libs/meetings/src/planted-namespace.controller.ts',
        rule: 'quorum/controller-imports-no-foreign-persistence',
        message: expect.stringContaining("'tenants.Tenant' is declared in libs/tenants/src/entities/tenant.entity.ts"),
      },
    ]);
  });
});
