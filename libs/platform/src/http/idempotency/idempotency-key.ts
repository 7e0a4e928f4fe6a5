import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { ProblemException } from '../../errors/problem.exception';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on a response that repeats the stored answer of an earlier request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * The key of an `Idempotency-Key` header, or undefined when there is none.
 *
 * The IETF draft (draft-ietf-httpapi-idempotency-key-header) makes the value a structured-field string, `"…"`;
 * most clients in use (Stripe's libraries among them) send the bare token. Both are taken: a quoted string with its
 * `\"` and `\\` escapes, or a run of visible ASCII. Anything else (control characters, spaces outside quotes,
 * non-ASCII, two headers that Node joined with a comma) is a 400, never a key that silently differs from the
 * client's.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const raw = Array.isArray(header) ? header.join(', ') : header;
  const key = raw.startsWith('"') ? unquote(raw) : /^[\x21-\x7e]+$/.test(raw) ? raw : undefined;
  if (key === undefined || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ProblemException({
      status: 400,
      slug: 'invalid-idempotency-key',
      title: 'Invalid Idempotency-Key',
      detail: `${IDEMPOTENCY_KEY_HEADER} must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters, bare or as a quoted string (a UUID is a good choice).`,
      errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: 'must be 1 to 255 visible ASCII characters' }],
    });
  }
  return key;
}

/** A structured-field string (RFC 8941 §3.3.3): printable ASCII between quotes, `\` escaping only `"` and `\`. */
function unquote(raw: string): string | undefined {
  let key = '';
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') return i === raw.length - 1 ? key : undefined;
    if (c === '\\') {
      const next = raw[++i];
      if (next !== '"' && next !== '\\') return undefined;
      key += next;
    } else if (c < ' ' || c > '~') {
      return undefined;
    } else {
      key += c;
    }
  }
  return undefined;
}

/**
 * What makes two requests "the same" for a key: the method, the path with its query, and the body as the parsers
 * left it (JSON re-serialised, transcript text as text). A multipart body is streamed by its handler after this is
 * taken, so an upload's fingerprint is its target alone: a key reused for another file on the same route gets the
 * first file's answer, as the header's draft allows.
 */
export function requestFingerprint(req: Request): string {
  const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n`);
  const body: unknown = req.body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) hash.update(body);
  else if (body !== undefined) hash.update(JSON.stringify(body));
  return hash.digest('hex');
}
