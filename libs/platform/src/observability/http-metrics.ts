import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsRegistry } from './metrics-registry';

/** OpenTelemetry's advised buckets for http.server.request.duration, in seconds. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** The one `http_route` of every request no route matched, so a scanner's paths cannot create series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** OpenTelemetry's rule: the known methods as they are, anything else as `_OTHER`. */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);

export function httpMethodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : '_OTHER';
}

/** The matched route's template (`/api/v1/meetings/:id`), never the raw path. */
export function httpRouteLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : UNMATCHED_ROUTE;
}

const STARTED = Symbol('httpMetricsStarted');
type TimedResponse = Response & { [STARTED]?: bigint };

/**
 * HTTP RED metrics under OpenTelemetry's semantic names as Prometheus exposes
 * them, measured once for every route by an Express middleware installed
 * first: the route is read when the response is done, after routing.
 *
 * Per request it makes no closure: the start time rides on the response and
 * one listener function serves every response's 'close' (a closure per
 * request lived as long as the request, queueing included, and was promoted
 * with it under load).
 */
@Injectable()
export class HttpMetrics {
  private readonly duration;
  private readonly active;
  /** 'close' comes once per response, finished or aborted; it is called with the response as `this`. */
  private readonly onClose: (this: TimedResponse) => void;

  constructor(metrics: MetricsRegistry) {
    this.duration = metrics.histogram('http_server_request_duration_seconds', 'Duration of HTTP server requests.', {
      labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
      buckets: HTTP_DURATION_BUCKETS,
    });
    this.active = metrics.gauge('http_server_active_requests', 'Number of active HTTP server requests.', {
      labelNames: ['http_request_method'],
    });
    const record = (res: TimedResponse) => this.record(res);
    this.onClose = function (this: TimedResponse) {
      record(this);
    };
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    (res as TimedResponse)[STARTED] = process.hrtime.bigint();
    this.active.inc({ http_request_method: httpMethodLabel(req.method) });
    res.on('close', this.onClose);
    next();
  };

  private record(res: TimedResponse): void {
    const req = res.req;
    const method = httpMethodLabel(req.method);
    this.active.dec({ http_request_method: method });
    this.duration.observe(
      { http_request_method: method, http_route: httpRouteLabel(req), http_response_status_code: res.statusCode },
      Number(process.hrtime.bigint() - res[STARTED]!) / 1e9,
    );
  }
}
