import type { NextFunction, Request, RequestHandler, Response } from 'express';

type HeaderStep = { set: string; value: string | number | readonly string[] } | { remove: string };

/**
 * A middleware that only sets and removes fixed response headers (helmet with
 * static directives: no nonce, nothing read from the request), run once at
 * start-up against a recording response; every request then gets the recorded
 * headers in one loop instead of a chain of a dozen middlewares and their
 * `next` closures. Throws at start-up when the middleware does anything else
 * (reads the request, answers, calls `next` late or with an error), so a
 * helmet option that makes a header per request cannot be frozen by mistake.
 */
export function headersOnce(middleware: RequestHandler): RequestHandler {
  const steps: HeaderStep[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      steps.push({ set: name, value });
      return recorder;
    },
    removeHeader(name: string) {
      steps.push({ remove: name });
    },
  };
  const request = new Proxy(
    {},
    {
      get(_target, property) {
        throw new Error(`headersOnce: the middleware reads the request (${String(property)}); its headers are not fixed`);
      },
    },
  );
  const outcome = { passed: false };
  void middleware(
    request as Request,
    recorder as unknown as Response,
    ((error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error(`headersOnce: the middleware failed: ${String(error)}`);
      outcome.passed = true;
    }) as NextFunction,
  );
  if (!outcome.passed) throw new Error('headersOnce: the middleware did not pass the request on at once; its headers are not fixed');

  return (_req: Request, res: Response, next: NextFunction) => {
    for (const step of steps) {
      if ('set' in step) res.setHeader(step.set, step.value);
      else res.removeHeader(step.remove);
    }
    next();
  };
}
