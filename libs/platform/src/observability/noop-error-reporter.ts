import { ErrorReporter } from './error-reporter';

/** Without SENTRY_DSN: unexpected errors are logged, as always, and sent nowhere. */
export class NoopErrorReporter extends ErrorReporter {
  capture(): void {
    // Nothing to report to.
  }

  flush(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
