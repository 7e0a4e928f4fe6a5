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

/**
 * HTTP RED metrics under OpenTelemetry's semantic names as Prometheus exposes
 * them, measured once for every route by an Express middleware installed
 * first: the route is read when the response is done, after routing.
 */
@Injectable()
export class HttpMetrics {
  private readonly duration;
  private readonly active;

  constructor(metrics: MetricsRegistry) {
    this.duration = metrics.histogram('http_server_request_duration_seconds', 'Duration of HTTP server requests.', {
      labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
      buckets: HTTP_DURATION_BUCKETS,
    });
    this.active = metrics.gauge('http_server_active_requests', 'Number of active HTTP server requests.', {
      labelNames: ['http_request_method'],
    });
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const method = httpMethodLabel(req.method);
    const started = process.hrtime.bigint();
    this.active.inc({ http_request_method: method });
    // 'close' comes once per response, finished or aborted.
    res.once('close', () => {
      this.active.dec({ http_request_method: method });
      this.duration.observe(
        { http_request_method: method, http_route: httpRouteLabel(req), http_response_status_code: res.statusCode },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  };
}
