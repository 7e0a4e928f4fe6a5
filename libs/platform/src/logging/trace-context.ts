import type { IncomingMessage } from 'node:http';

/** `version-traceid-parentid-flags`, lower-case hex (W3C Trace Context, level 1). */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

export interface TraceContext {
  traceId: string;
  /** The caller's span: this request's parent. */
  parentSpanId: string;
  sampled: boolean;
}

/**
 * The trace an incoming request belongs to, from its `traceparent` header, or
 * undefined when there is none or it is malformed (W3C: then start afresh,
 * never fail the request). Version ff and all-zero ids are invalid; later
 * versions may append fields, which are ignored.
 */
export function parseTraceparent(header: string | string[] | undefined): TraceContext | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  const match = value ? TRACEPARENT.exec(value) : null;
  if (!match) return undefined;
  const [, version, traceId, parentSpanId, flags] = match;
  // Fields after the flags are allowed only in versions after 00.
  if (version === 'ff' || (version === '00' && match.at(5) !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentSpanId)) return undefined;
  return { traceId, parentSpanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/** Log fields that tie a request's lines to its distributed trace, next to its request id. */
export function traceLogFields(req: IncomingMessage): { traceId?: string; parentSpanId?: string } {
  const trace = parseTraceparent(req.headers.traceparent);
  return trace ? { traceId: trace.traceId, parentSpanId: trace.parentSpanId } : {};
}
