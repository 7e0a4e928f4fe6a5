import { type AppConfig } from '../config/app-config';
import { type Env } from '../config/env-parsers';
import { type CheckResult, errorMessage, skip } from './check';
import { checkConfig, loadEnvFile } from './config-check';
import { checkDatabase, DEFAULT_TIMEOUT_MS } from './database-check';
import { checkMigrations } from './migrations-check';
import { checkNode } from './node-check';
import { checkRedis } from './redis-check';

export interface DoctorOptions {
  env?: Env;
  /** Read `.env` into the environment first, as the app's entry points do. Off in tests, which pass their own env. */
  loadEnvFile?: boolean;
  write?: (text: string) => void;
  timeoutMs?: number;
  nodeVersion?: string;
}

export function formatResult(result: CheckResult): string {
  const mark = result.skipped ? '–' : result.ok ? '✔' : '✖';
  const line = `${mark} ${result.name}: ${result.skipped ? 'skipped, ' : ''}${result.detail}\n`;
  return result.fix && !result.ok ? `${line}    fix: ${result.fix}\n` : line;
}

export function formatSummary(results: CheckResult[]): string {
  const failed = results.filter((result) => !result.ok).length;
  const skipped = results.filter((result) => result.skipped).length;
  const skippedNote = skipped ? ` (${skipped} skipped)` : '';
  if (failed === 0) return `\n${failed} of ${results.length} checks failed${skippedNote}: ready to start.\n`;
  return `\n${failed} of ${results.length} checks failed${skippedNote}: apply each fix above, then run \`npm run doctor\` again.\n`;
}

/** An unexpected throw inside one check becomes that check's failure, not a stack trace that hides the others. */
async function guarded<T>(name: string, run: () => Promise<T> | T, toResult: (value: T) => CheckResult): Promise<[CheckResult, T?]> {
  try {
    const value = await run();
    return [toResult(value), value];
  } catch (error) {
    return [
      {
        name,
        ok: false,
        detail: `the check itself failed: ${errorMessage(error)}`,
        fix: 'Report this; the other checks above and below still apply.',
      },
    ];
  }
}

/** Runs every check in order, printing each line as it completes; resolves to the number of failed checks. */
export async function runDoctor(options: DoctorOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const results: CheckResult[] = [];
  const report = (result: CheckResult) => {
    results.push(result);
    write(formatResult(result));
  };

  write('Quorum doctor\n\n');
  report(checkNode(options.nodeVersion ?? process.version));

  let envFile: string | undefined;
  const [configResult, configCheck] = await guarded(
    'Configuration',
    () => {
      envFile = options.loadEnvFile === false ? undefined : loadEnvFile(env);
      return checkConfig(env, envFile);
    },
    (check) => check.result,
  );
  report(configResult);
  const config: AppConfig | undefined = configCheck?.config;

  if (!config) {
    for (const name of ['Database', 'Redis', 'Migrations']) report(skip(name, 'needs a valid configuration first'));
  } else {
    const [databaseResult, database] = await guarded(
      'Database',
      () => checkDatabase(config, timeoutMs),
      (check) => check.result,
    );
    report(databaseResult);
    const [redisResult] = await guarded(
      'Redis',
      () => checkRedis(config.redisUrl, timeoutMs),
      (result) => result,
    );
    report(redisResult);
    if (!databaseResult.ok) {
      report(skip('Migrations', 'needs a reachable database first'));
    } else if (!database?.url) {
      report(
        skip(
          'Migrations',
          'the embedded PostgreSQL is not running; `npm start` applies pending migrations when DB_MIGRATIONS_RUN=true (the default outside production)',
        ),
      );
    } else {
      const url = database.url;
      const [migrationsResult] = await guarded(
        'Migrations',
        () => checkMigrations(config, url, envFile),
        (result) => result,
      );
      report(migrationsResult);
    }
  }

  write(formatSummary(results));
  return results.filter((result) => !result.ok).length;
}
