import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Express, Request, Response } from 'express';
import { ProblemException } from '../errors/problem.exception';
import { validationFailed } from '../errors/problems';

/** The strong ETag of a versioned resource: its version, quoted. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Any single resource answered as JSON with a numeric `version` gets its
 * ETag header, so every versioned route supports If-Match (and If-None-Match
 * → 304, which Express answers from the ETag) without remembering to set it.
 * Installed once on the app's response prototype, where `res.json` (what Nest
 * replies with) serialises the body: no per-request interceptor.
 */
export function setVersionETags(app: Express): void {
  const proto = app.response as Response;
  const json = proto.json;
  Object.defineProperty(proto, 'json', {
    configurable: true,
    writable: true,
    value: function (this: Response, body?: unknown): Response {
      const version = (body as { version?: unknown } | null | undefined)?.version;
      if (typeof version === 'number' && !this.headersSent) this.setHeader('ETag', etagOf(version));
      return json.call(this, body);
    },
  });
}

/**
 * The version an `If-Match` header asks for: undefined without the header
 * (the write goes ahead), null for `*`, else the number; anything else is a 400.
 */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext): number | null | undefined => {
  const header = context.switchToHttp().getRequest<Request>().headers['if-match'];
  if (header === undefined || header === '') return undefined;
  const value = header.trim();
  if (value === '*') return null;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value);
  if (!match) {
    throw validationFailed(
      [{ field: 'If-Match', message: 'If-Match is not an ETag of this API' }],
      'If-Match must be the ETag of the resource as last read, e.g. "3".',
    );
  }
  return Number(match[1]);
});

/** 412 when the client's copy is stale, so two editors never silently overwrite each other. */
export function assertVersion(expected: number | null | undefined, actual: number, resource: string): void {
  if (expected === undefined || expected === null || expected === actual) return;
  throw new ProblemException({
    status: 412,
    detail: `${resource} has changed since you read it (your version ${expected}, current ${actual}); fetch it again and reapply your change.`,
    extensions: { currentVersion: actual },
    headers: { ETag: etagOf(actual) },
  });
}
