import { type AppConfig } from '../config';
import { type ErrorReporter } from './error-reporter';
import { NoopErrorReporter } from './noop-error-reporter';
// Erased when compiled: the module itself is required below, only when it is needed.
import type { startSentry } from './sentry-error-reporter';

/** Sentry's client is global to the process, so the reporter that uses it is made once. */
let sentryReporter: ErrorReporter | undefined;

/**
 * The process's ErrorReporter. Without SENTRY_DSN it reports nothing and the
 * Sentry SDK is not even loaded (a large tree of modules an unconfigured
 * process has no use for). With it, the SDK is required here, lazily, and
 * initialised once: main.ts calls this before building the app, so that an
 * uncaught crash while booting is reported too, and the app's ErrorReporter
 * provider gets the same reporter.
 */
export function startErrorReporting(config: AppConfig): ErrorReporter {
  if (config.sentryDsn === undefined) return new NoopErrorReporter();
  if (!sentryReporter) {
    // require, not import(): TypeScript keeps import() as a native ES import under nodenext, which would need the
    // compiled file's extension; a static import would load the SDK in every process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sentry = require('./sentry-error-reporter') as { startSentry: typeof startSentry };
    sentryReporter = sentry.startSentry(config);
  }
  return sentryReporter;
}
