import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { type Env } from '../config/env-parsers';
import { type CheckResult, errorMessage } from './check';

const NAME = 'Configuration';

export interface ConfigCheck {
  result: CheckResult;
  config?: AppConfig;
}

/**
 * Loads `.env` the way the app's process.loadEnvFile call does (ENV_FILE,
 * same parser, variables already set win), so the doctor validates exactly
 * what `npm start` would see. It fills the env it is given rather than
 * process.env so that the env being checked is the one that was loaded.
 */
export function loadEnvFile(env: Env = process.env): string | undefined {
  const envFile = resolve(env.ENV_FILE ?? '.env');
  if (!existsSync(envFile)) return undefined;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(envFile, 'utf8')))) {
    if (env[name] === undefined) env[name] = value;
  }
  return envFile;
}

export function checkConfig(env: Env, envFile?: string): ConfigCheck {
  const source = envFile ? `source: environment + ${envFile}` : 'source: environment, no .env file';
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return { result: { name: NAME, ok: false, detail: `${error.variable} ${error.problem} (${source})`, fix: error.fix } };
    }
    return {
      result: {
        name: NAME,
        ok: false,
        detail: `could not be read: ${errorMessage(error)}`,
        fix: 'Check the values in the environment and in .env.',
      },
    };
  }
  const notes = [`NODE_ENV=${config.nodeEnv}`, source];
  // Valid but surprising: tokens issued before a restart stop working, which looks like a bug to users.
  if (config.jwtSecretGenerated) notes.push('JWT_SECRET unset, a random one is generated at each start');
  return { result: { name: NAME, ok: true, detail: `valid (${notes.join('; ')})` }, config };
}
