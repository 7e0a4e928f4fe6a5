import * as Sentry from '@sentry/nestjs';
import { type AppConfig } from '../config';
import { type ErrorContext, ErrorReporter } from './error-reporter';
import { scrubEvent } from './scrub-event';

/**
 * The SDK's options: errors only. Without tracing there is no OpenTelemetry
 * set-up and nothing patches http, Express or Nest, so initialising after the
 * app's modules are loaded loses nothing. Sentry's default integrations are
 * left out because several record what clients send (request bodies, headers
 * and cookies, console lines, local variables); the ones kept add the error's
 * causes, the runtime, and reports of crashes. Crashes still end the process,
 * as Node would: an unhandled rejection exits 1 after its report ('strict').
 */
export function sentryOptions(config: AppConfig): Sentry.NodeOptions {
  return {
    dsn: config.sentryDsn,
    environment: config.sentryEnvironment,
    release: config.sentryRelease,
    sendDefaultPii: false,
    skipOpenTelemetrySetup: true,
    registerEsmLoaderHooks: false,
    defaultIntegrations: false,
    integrations: [
      Sentry.linkedErrorsIntegration(),
      Sentry.nodeContextIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration({ mode: 'strict' }),
    ],
    maxBreadcrumbs: 0,
    beforeSend: scrubEvent,
  };
}

/** Initialises the SDK for the process; startErrorReporting calls it once, and only with SENTRY_DSN set. */
export function startSentry(config: AppConfig): SentryErrorReporter {
  Sentry.init(sentryOptions(config));
  return new SentryErrorReporter();
}

/**
 * Sends each report with its context as tags (searchable and bounded) on a
 * scope of its own, so nothing leaks from one report into the next.
 */
export class SentryErrorReporter extends ErrorReporter {
  capture(error: unknown, context: ErrorContext): void {
    Sentry.captureException(error, (scope) =>
      scope
        .setLevel('error')
        .setTransactionName(transactionOf(context))
        .setTags(tagsOf(error, context))
        .setUser(context.userId === undefined ? null : { id: context.userId }),
    );
  }

  flush(timeoutMs: number): Promise<boolean> {
    return Sentry.flush(timeoutMs);
  }
}

/** What Sentry shows as the culprit: the route, the event or the job, never a raw path. */
function transactionOf(context: ErrorContext): string {
  switch (context.source) {
    case 'http':
      return `${context.method ?? ''} ${context.route ?? ''}`.trim();
    case 'socket':
      return `socket ${context.route ?? ''}`.trim();
    case 'listener':
      return `listener ${context.eventType ?? ''}`.trim();
    case 'job':
      return `job ${context.queue ?? ''}/${context.jobName ?? ''}`;
    case 'startup':
      return 'startup';
  }
}

function tagsOf(error: unknown, context: ErrorContext): Record<string, string> {
  const tags: Record<string, string | number | undefined> = {
    source: context.source,
    request_id: context.requestId,
    route: context.route,
    'http.method': context.method,
    'http.status_code': context.status,
    tenant_id: context.tenantId,
    domain_event_type: context.eventType,
    domain_event_id: context.eventId,
    queue: context.queue,
    job_name: context.jobName,
    job_id: context.jobId,
    attempt: context.attempt,
    // Error messages lose their values to scrubbing; PostgreSQL's error code still says what went wrong.
    sqlstate: sqlStateOf(error),
  };
  return Object.fromEntries(Object.entries(tags).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
}

function sqlStateOf(error: unknown): string | undefined {
  const holder = error as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  const code = holder?.driverError?.code ?? holder?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
