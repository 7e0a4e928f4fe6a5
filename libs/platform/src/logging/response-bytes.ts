import type { Express, Response } from 'express';

const BYTES = Symbol('responseBytes');
/** Set on a counting prototype, so every response of the app inherits it. */
const COUNTING = Symbol('countsResponseBytes');

type Counted = Response & { [BYTES]?: number; [COUNTING]?: true };
type Write = (this: Response, chunk: unknown, ...rest: unknown[]) => boolean;
type End = (this: Response, chunk?: unknown, ...rest: unknown[]) => Response;

/**
 * Counts the body bytes each response of `app` writes (after compression,
 * which wraps these methods per response and calls them with what it
 * produced). Installed once on the app's response prototype, so a request
 * costs no wrapper closures, only the addition.
 */
export function countResponseBytes(app: Express): void {
  const proto = app.response as Response;
  const write = proto.write as unknown as Write;
  const end = proto.end as unknown as End;
  Object.defineProperties(proto, {
    [COUNTING]: { value: true },
    write: {
      configurable: true,
      writable: true,
      value: function (this: Counted, chunk: unknown, ...rest: unknown[]): boolean {
        add(this, chunk, rest[0]);
        return write.call(this, chunk, ...rest);
      },
    },
    end: {
      configurable: true,
      writable: true,
      value: function (this: Counted, chunk?: unknown, ...rest: unknown[]): Response {
        add(this, chunk, rest[0]);
        return end.call(this, chunk, ...rest);
      },
    },
  });
}

function add(res: Counted, chunk: unknown, encoding: unknown): void {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
  const bytes =
    typeof chunk === 'string'
      ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
      : ArrayBuffer.isView(chunk)
        ? chunk.byteLength
        : 0;
  res[BYTES] = (res[BYTES] ?? 0) + bytes;
}

/** The body bytes written so far for `res` (0 before any), or undefined where nothing counts them. */
export function responseBytes(res: unknown): number | undefined {
  const counted = res as Counted;
  return counted[COUNTING] ? (counted[BYTES] ?? 0) : undefined;
}
