import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from './app-config';
import { ConfigError } from './config-error';

/**
 * Entry points call this first: it reads an optional `.env`, validates the
 * environment, and on a bad value prints one line and exits, because a stack
 * trace tells an operator nothing about which variable to fix.
 */
export function loadConfigOrExit(): AppConfig {
  loadDotEnv();
  try {
    return AppConfig.fromEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** Reads `.env` (or ENV_FILE) into process.env when present; variables already set win over the file. */
export function loadDotEnv(): void {
  const envFile = resolve(process.env.ENV_FILE ?? '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
}
