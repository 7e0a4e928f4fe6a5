import { type OnApplicationShutdown } from '@nestjs/common';
import type { Request } from 'express';
import type { DomainEvent } from '../events/domain-event';
import { RequestContext } from '../tenancy/request-context';
import { httpRouteLabel } from './http-metrics';

/** How long shutdown waits for reports still being sent. */
const SHUTDOWN_FLUSH_MS = 2000;

/**
 * Where an unexpected error happened. Every field is a bounded, searchable
 * fact (ids, a route template, names), never a raw path, a body or free text.
 */
export interface ErrorContext {
  /**
   * What failed: a request that answered 5xx, a Socket.IO event answered with a 5xx problem, a domain event listener,
   * a background job, or the process's own start.
   */
  source: 'http' | 'socket' | 'listener' | 'job' | 'startup';
  requestId?: string;
  /** The matched route's template (`/api/v1/meetings/:id`), never the raw path. */
  route?: string;
  method?: string;
  status?: number;
  tenantId?: string;
  userId?: string;
  /** A listener's failure: the event it was given. */
  eventType?: string;
  eventId?: string;
  /** A job's failure. */
  queue?: string;
  jobName?: string;
  jobId?: string;
  attempt?: number;
}

/** What the job module knows of a failed job (BullMQ's `job.queueName`, `job.name`, `job.id`, `job.attemptsMade`). */
export interface FailedJob {
  queue: string;
  name: string;
  id?: string;
  attempt?: number;
  /** The tenant the job worked for, when it works for one. */
  tenantId?: string;
}

/**
 * Reports unexpected errors to an error tracker: 5xx answers (sendProblem),
 * crashed domain event listeners (DomainEvents) and failed jobs (the job
 * module calls captureJobFailure). Client errors (4xx) are never reported.
 * Inject it where such an error is caught; it never throws and never waits.
 *
 * Without SENTRY_DSN it is a NoopErrorReporter; see startErrorReporting and
 * docs/observability.md.
 */
export abstract class ErrorReporter implements OnApplicationShutdown {
  abstract capture(error: unknown, context: ErrorContext): void;

  /** Resolves once what was captured has been sent, or with false after `timeoutMs`. */
  abstract flush(timeoutMs: number): Promise<boolean>;

  /** A request answered `status` (>= 500) because of `error`; called by sendProblem. */
  captureRequestError(error: unknown, req: Request, { status, requestId }: { status: number; requestId: string }): void {
    const principal = RequestContext.principal();
    this.capture(error, {
      source: 'http',
      requestId: requestId || undefined,
      route: httpRouteLabel(req),
      method: req.method,
      status,
      tenantId: principal?.tenantId,
      userId: principal?.userId,
    });
  }

  /** A Socket.IO event (or handshake, `event` undefined) was answered with a 5xx problem; `route` is `namespace#event`. */
  captureSocketError(error: unknown, route: string, requestId: string): void {
    const principal = RequestContext.principal();
    this.capture(error, { source: 'socket', requestId, route, status: 500, tenantId: principal?.tenantId, userId: principal?.userId });
  }

  /** A listener of `event` threw; the change it announces had already committed. */
  captureListenerFailure(error: unknown, event: DomainEvent): void {
    this.capture(error, {
      source: 'listener',
      eventType: event.type,
      eventId: event.eventId,
      tenantId: event.tenantId,
      // Set when the event was published during a request (listeners run before it answers).
      requestId: RequestContext.requestId() || undefined,
      userId: event.actorUserId ?? undefined,
    });
  }

  /** A background job failed (its last attempt or any attempt, as the job module decides). */
  captureJobFailure(error: unknown, job: FailedJob): void {
    this.capture(error, {
      source: 'job',
      queue: job.queue,
      jobName: job.name,
      jobId: job.id,
      attempt: job.attempt,
      tenantId: job.tenantId,
    });
  }

  /** Reports captured just before SIGTERM still go out before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush(SHUTDOWN_FLUSH_MS);
  }
}
