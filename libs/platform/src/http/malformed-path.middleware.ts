import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '../errors/problem.exception';

/**
 * Express decodes route parameters with decodeURIComponent and lets its
 * URIError escape as a 500; a path no route could decode is the client's
 * error, so it is refused here, once, before any router sees it.
 */
export function rejectMalformedPath(req: Request, _res: Response, next: NextFunction): void {
  const path = req.url.split('?', 1)[0];
  if (path.includes('%')) {
    try {
      decodeURIComponent(path);
    } catch {
      return next(
        new ProblemException({
          status: 400,
          slug: 'malformed-uri',
          title: 'Malformed URI',
          detail: 'The request path holds a malformed %-escape; encode a literal % as %25.',
        }),
      );
    }
  }
  next();
}
