import { Logger, type LoggerService } from '@nestjs/common';
import type { Level, Logger as Pino } from 'pino';
import { type AppConfig } from '../config';
import { createRootLogger } from './root-logger';

/**
 * Logs written before Nest hands over to nestjs-pino (starting the embedded
 * database, a boot failure) and after it lets go: the same pino lines as the
 * running app writes, so a log pipeline sees one schema (numeric `level`,
 * `time`, `msg`, `context`) from a process's first line to its last, and the
 * line saying why a pod cannot start is parsed like every other.
 */
export function useBootstrapLogger(config: AppConfig): void {
  Logger.overrideLogger(new BootstrapLogger(createRootLogger(config)));
}

/**
 * Nest's LoggerService over a pino logger, with nestjs-pino's mapping:
 * Nest appends the context as the last argument, and `error(message, stack)`
 * carries a stack rather than an Error.
 */
export class BootstrapLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (rest.length > 0) {
      const context = rest.pop();
      if (context !== undefined) fields.context = context;
    }
    if (message instanceof Error) fields.err = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    const stack = rest[0];
    if (level === 'error' && typeof stack === 'string' && !(message instanceof Error)) {
      const err = new Error(typeof message === 'string' ? message : 'error');
      err.stack = stack;
      fields.err = err;
    }
    if (typeof message === 'string') this.pino[level](fields, message);
    else this.pino[level](fields);
  }
}
