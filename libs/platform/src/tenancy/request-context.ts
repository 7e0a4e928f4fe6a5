import type { NextFunction, Request, Response } from 'express';
import { ClsServiceManager, type ClsStore } from 'nestjs-cls';
import { ProblemException } from '../errors/problem.exception';
import { traceLogFields } from '../logging/trace-context';

export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. Never taken from a body or query. */
export interface Principal {
  userId: string;
  tenantId: string;
  role: Role;
  sessionId: string;
}

interface Store {
  principal?: Principal;
  requestId?: string;
  ip?: string;
  /** The caller's W3C trace, for the request's log lines. */
  trace?: TraceLogFields;
  /** The response of an HTTP request, watched for an early close once someone asks for the signal. */
  res?: Response;
  /** Aborted when nobody will read the answer any more: the request timed out or the client went away. */
  abort?: AbortController;
  /** What every log line written under this request carries; built on the first line. */
  logFields?: RequestLogFields;
}

export interface TraceLogFields {
  traceId?: string;
  parentSpanId?: string;
}

export type RequestLogFields = TraceLogFields & { requestId?: string };

const NO_LOG_FIELDS: RequestLogFields = Object.freeze({});

const STORE = Symbol('requestContext');
type ContextStore = ClsStore & { [STORE]?: Store };

/**
 * The request's store lives in nestjs-cls's async context, under a key of its
 * own, rather than in an AsyncLocalStorage of its own: every storage in use
 * costs work and a property on every promise the process makes (dozens per
 * request), and nestjs-cls's is always in use, since transactions live
 * there. Opening a request's context keeps whatever the caller's context holds
 * (a transaction), and a transaction opened in a request inherits the
 * request's store, as with two separate storages.
 */
const cls = ClsServiceManager.getClsService<ContextStore>();
const storage = {
  getStore: (): Store | undefined => (cls.get() as ContextStore | undefined)?.[STORE],
  run: <T>(store: Store, fn: () => T): T => cls.runWith({ ...(cls.get() as ContextStore | undefined), [STORE]: store }, fn),
};

/**
 * The calling principal, available anywhere below a request without passing
 * it through every signature. The store is created per request by
 * `requestContextMiddleware` and filled in by the auth guard once the token
 * is verified (guards run later than middleware, so they fill the object
 * rather than starting a new context).
 */
export const RequestContext = {
  /**
   * Opens the request's context. Nothing else is allocated up front: the
   * abort controller and its close listener exist only for the few handlers
   * that ask for `signal()` (see there), not for every request.
   */
  middleware(req: Request, res: Response, next: NextFunction): void {
    storage.run(
      {
        requestId: String((req as Partial<Request>).id ?? ''),
        ip: req.ip,
        trace: req.headers.traceparent ? traceLogFields(req) : undefined,
        res,
      },
      next,
    );
  },

  /** Runs `fn` with a principal outside HTTP (Socket.IO events, jobs, tests). */
  run<T>(principal: Principal, fn: () => T, extra: Omit<Store, 'principal'> = {}): T {
    return storage.run({ ...extra, principal }, fn);
  },

  setPrincipal(principal: Principal): void {
    const store = storage.getStore();
    if (!store) throw new Error('RequestContext.setPrincipal called outside a request context');
    store.principal = principal;
  },

  /** The caller, where there may be none (work outside a request, public routes). */
  principal(): Principal | undefined {
    return storage.getStore()?.principal;
  },

  /**
   * The caller, for use cases that need one: how services learn who is
   * calling (controllers never pass it). A missing caller is a programming
   * error (an unguarded route or a job without a principal), not a 4xx.
   */
  caller(): Principal {
    const principal = storage.getStore()?.principal;
    if (!principal) throw new Error('No caller in the request context: a use case that needs one ran outside an authenticated request');
    return principal;
  },

  /** Who to record as the actor of a change: the caller's user id, or null for changes outside a request. */
  actorUserId(): string | null {
    return storage.getStore()?.principal?.userId ?? null;
  },

  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },

  ip(): string | undefined {
    return storage.getStore()?.ip;
  },

  /**
   * Long work (batched writes, streams) checks this between steps and throws,
   * so a request that answered 504 or lost its client rolls back instead of
   * committing behind the client's back. Never aborted outside a request.
   */
  signal(): AbortSignal | undefined {
    const store = storage.getStore();
    return store && abortControllerOf(store)?.signal;
  },

  /** Aborts the current request's work (the request deadline calls this as it answers 504). */
  abort(reason: Error): void {
    const store = storage.getStore();
    if (store) abortControllerOf(store)?.abort(reason);
  },

  /** The request id and trace for a log line (the root logger's mixin); empty outside a request. */
  logFields(): RequestLogFields {
    const store = storage.getStore();
    if (!store) return NO_LOG_FIELDS;
    return (store.logFields ??= store.requestId ? { requestId: store.requestId, ...store.trace } : { ...store.trace });
  },

  /** The current tenant; a missing one is a programming error (an unguarded route touching tenant data). */
  tenantId(): string {
    const tenantId = storage.getStore()?.principal?.tenantId;
    if (!tenantId) throw new Error('No tenant in the request context: tenant-owned data was touched outside an authenticated request');
    return tenantId;
  },
};

/**
 * The context's abort controller: given (outside HTTP), or, for an HTTP
 * request, made on first use and aborted at once if the client has already gone.
 */
function abortControllerOf(store: Store): AbortController | undefined {
  const { res } = store;
  if (store.abort || !res) return store.abort;
  const abort = (store.abort = new AbortController());
  const onClose = (): void => {
    // 499 as nginx logs it: nobody receives this answer, and it is not the server's failure.
    if (!res.writableFinished)
      abort.abort(
        new ProblemException({
          status: 499,
          slug: 'client-closed-request',
          title: 'Client closed request',
          detail: 'The client closed the connection before the response was complete.',
        }),
      );
  };
  if (res.closed) onClose();
  else res.once('close', onClose);
  return abort;
}

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
