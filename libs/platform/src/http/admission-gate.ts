import { AsyncResource } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

export interface AdmissionOptions {
  /** Requests without a body let into the pipeline at once; 0 lets every request in (no gate). */
  maxInFlight: number;
  /** How long a request may wait for its turn before it is shed. */
  maxWaitMs: number;
}

interface Waiting {
  req: Request;
  res: Response;
  next: NextFunction;
  /** The request's async context, to resume it in (see middleware). */
  scope: AsyncResource;
  since: number;
}

const ADMITTED = Symbol('admitted');
type AdmittedResponse = Response & { [ADMITTED]?: AdmissionGate };

/** The gate's hold on a response, given back once: when it closes, or earlier by a route that streams (see streamResponse). */
export function releaseAdmission(res: Response): void {
  const gate = (res as AdmittedResponse)[ADMITTED];
  if (gate === undefined) return;
  (res as AdmittedResponse)[ADMITTED] = undefined;
  gate.release();
}

// One function for every response ('close' calls it with the response as `this`), so admitting allocates no closure.
function releaseOnClose(this: Response): void {
  releaseAdmission(this);
}

/** Requests that cannot trickle: no body announced. A request with a body is read inside the pipeline, at the client's pace. */
function hasNoBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined;
}

/**
 * Admission control for the API's bodiless requests (reads, deletes): at
 * most `maxInFlight` are inside the pipeline at once, the rest wait their
 * turn in arrival order, before anything is done for them.
 *
 * Why: Node starts every request it has read. Under load (100 clients, a
 * pool of 10 database connections) some 90 requests then sit at the pool
 * with their authentication, validation, request context and logger built,
 * for longer than two young-generation collections: all of it is promoted,
 * and the old generation is marked and compacted twice a second. Waiting in
 * front of the pipeline costs only Node's own request objects, and the
 * requests admitted are answered sooner, so the same load needs less CPU.
 * It also bounds what an overload can hold in memory.
 *
 * A request whose client left while it waited is dropped. One that waited
 * `maxWaitMs` is handed to `shed` (a 503 with Retry-After), so an overload
 * turns into quick refusals rather than timeouts. Requests with a body are
 * let through uncounted: they are read at the client's pace inside the
 * pipeline, and a few slow uploads must not be able to hold every turn.
 */
export class AdmissionGate {
  private inFlight = 0;
  private readonly waiting: Waiting[] = [];
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: AdmissionOptions,
    private readonly shed: (req: Request, res: Response) => void,
  ) {}

  /** Requests waiting for their turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.options.maxInFlight <= 0 || !hasNoBody(req)) return next();
    if (this.inFlight < this.options.maxInFlight && this.waiting.length === 0) {
      this.admit(res);
      return next();
    }
    // Resumed in this request's async context: it runs later from another response's 'close', whose context
    // (request store, log fields, error-reporting scope) must not become this request's. An AsyncResource run
    // directly rather than AsyncResource.bind, whose bound function carries two deprecation wrappers per call.
    this.waiting.push({ req, res, next, scope: new AsyncResource('QuorumAdmission'), since: Date.now() });
    this.sweeper ??= setInterval(() => this.shedOverdue(), Math.max(10, Math.min(250, this.options.maxWaitMs / 4))).unref();
  };

  /** A turn given back: the next live request waiting gets it. */
  release(): void {
    this.inFlight--;
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const { res, next, scope } = this.waiting.shift()!;
      if (gone(res)) continue;
      this.admit(res);
      scope.runInAsyncScope(next);
    }
    this.stopSweeperWhenIdle();
  }

  /** Stops the sweeper, for a clean shutdown; requests still waiting are shed. */
  close(): void {
    for (const { req, res } of this.waiting.splice(0)) if (!gone(res)) this.shed(req, res);
    this.stopSweeperWhenIdle();
  }

  private admit(res: Response): void {
    this.inFlight++;
    (res as AdmittedResponse)[ADMITTED] = this;
    res.on('close', releaseOnClose);
  }

  private shedOverdue(): void {
    const oldest = Date.now() - this.options.maxWaitMs;
    // In arrival order, so the overdue ones are at the front.
    while (this.waiting.length > 0 && this.waiting[0].since <= oldest) {
      const { req, res } = this.waiting.shift()!;
      if (!gone(res)) this.shed(req, res);
    }
    this.stopSweeperWhenIdle();
  }

  private stopSweeperWhenIdle(): void {
    if (this.waiting.length > 0 || this.sweeper === undefined) return;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/** The client closed the connection (or the response is over) while the request waited. */
function gone(res: Response): boolean {
  return res.destroyed || res.writableEnded || res.socket === null || res.socket.destroyed;
}
