import { ConsoleLogger, Logger, type LogLevel as NestLogLevel } from '@nestjs/common';
import { type AppConfig } from '../config';

const LEVELS: Record<AppConfig['logLevel'], NestLogLevel[]> = {
  trace: ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'],
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
  fatal: ['fatal'],
  silent: [],
};

/**
 * Logs written before Nest hands over to pino (starting the embedded
 * database, boot failures): JSON lines for machines, colours for a terminal.
 */
export function useBootstrapLogger(config: AppConfig): void {
  const json = !process.stdout.isTTY;
  Logger.overrideLogger(new ConsoleLogger('Quorum', { json, colors: !json, logLevels: LEVELS[config.logLevel] }));
}
