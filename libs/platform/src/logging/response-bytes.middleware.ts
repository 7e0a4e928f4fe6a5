import type { NextFunction, Request, Response } from 'express';

const BYTES = Symbol('responseBytes');

/**
 * Counts the bytes actually written for a response (after compression, since
 * it is installed before the compression middleware wraps `write`).
 */
export function countResponseBytes(_req: Request, res: Response, next: NextFunction): void {
  const state = res as Response & { [BYTES]?: number };
  state[BYTES] = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const add = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    state[BYTES]! += Buffer.isBuffer(chunk)
      ? chunk.length
      : Buffer.byteLength(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    add(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as Response['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    add(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as Response['end'];
  next();
}

export function responseBytes(res: unknown): number | undefined {
  return (res as { [BYTES]?: number })[BYTES];
}
