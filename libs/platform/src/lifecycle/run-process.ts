import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { loadConfigOrExit } from '../config/load-config';
import { useBootstrapLogger } from '../logging/bootstrap-logger';
import type { ErrorReporter } from '../observability/error-reporter';
import { startErrorReporting } from '../observability/start-error-reporting';

/** How long a process that could not start waits for its report to reach Sentry before it exits. */
const REPORT_FLUSH_MS = 2000;

/**
 * How the api and the worker start: the configuration (a bad one stops the process with its one-line message),
 * the start-up logger, then error reporting, first, so that a crash from then on is reported (the app's
 * ErrorReporter is this same one), and then `start`. A process that cannot start (the database unreachable, its port
 * taken, a module failing to initialise) says so in one line with the way to a diagnosis, reports it when error
 * reporting is on (an operator's first sign of a crash-looping pod may be Sentry), and exits 1.
 */
export function runProcess(start: (config: AppConfig, logger: Logger) => Promise<void>): void {
  let reporter: ErrorReporter | undefined;
  const run = async () => {
    const config = loadConfigOrExit();
    useBootstrapLogger(config);
    const logger = new Logger('Bootstrap');
    reporter = startErrorReporting(config);
    if (config.sentryDsn)
      logger.log(`SENTRY_DSN is set: unexpected errors are reported to Sentry (${config.sentryEnvironment}, ${config.sentryRelease})`);
    await start(config, logger);
  };
  run().catch((error: Error) => exitAfterFailedStart(error, reporter));
}

async function exitAfterFailedStart(error: Error, reporter: ErrorReporter | undefined): Promise<never> {
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
