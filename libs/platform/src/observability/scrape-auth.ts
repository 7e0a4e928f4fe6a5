import { createHash, timingSafeEqual } from 'node:crypto';
import { ProblemException } from '../errors/problem.exception';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * With METRICS_TOKEN set, a scrape must carry `Authorization: Bearer <token>`.
 * The comparison is constant-time (over digests, so the length leaks nothing either).
 */
export function authorizeScrape(authorization: string | undefined, token: string | undefined): void {
  if (token === undefined) return;
  const match = /^Bearer (.+)$/i.exec(authorization ?? '');
  if (match && timingSafeEqual(digest(match[1]), digest(token))) return;
  throw new ProblemException({
    status: 401,
    slug: 'unauthorized',
    title: 'Unauthorized',
    detail: 'Scraping metrics needs the bearer token set in METRICS_TOKEN.',
    headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
  });
}
