import { Logger } from '@nestjs/common';
import type { ErrorReporter } from '../observability/error-reporter';

/** How long a process that could not start waits for its report to reach Sentry before it exits. */
const REPORT_FLUSH_MS = 2000;

/**
 * A process that could not start (the database unreachable, the port taken, a module failing to initialise): says so
 * in one line with the way to a diagnosis, reports it when error reporting was started (an operator's first sign of a
 * crash-looping pod may be Sentry), and exits 1.
 */
export async function exitAfterFailedStart(error: Error, reporter: ErrorReporter | undefined): Promise<never> {
  new Logger('Bootstrap').error(
    `failed to start: ${error.message} (npm run doctor checks the configuration and each dependency)`,
    error.stack,
  );
  if (reporter) {
    reporter.capture(error, { source: 'startup' });
    await reporter.flush(REPORT_FLUSH_MS);
  }
  process.exit(1);
}
