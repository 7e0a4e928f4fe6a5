import type { Request } from 'express';
import { ProblemException } from '../../errors/problem.exception';
import { parseIdempotencyKey, requestFingerprint } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('is undefined without the header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it('takes a bare token and the same key as a structured-field string, escapes included', () => {
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('"with space and \\"quotes\\" and \\\\"')).toBe('with space and "quotes" and \\');
    expect(parseIdempotencyKey('k'.repeat(255))).toHaveLength(255);
  });

  it.each([
    ['empty', ''],
    ['an empty string', '""'],
    ['too long', 'k'.repeat(256)],
    ['too long once unquoted', `"${'k'.repeat(256)}"`],
    ['a space outside quotes', 'two words'],
    ['two headers joined by Node', '"a", "b"'],
    ['an unterminated string', '"open'],
    ['text after the string', '"a"b'],
    ['an escape of anything but " and \\', '"\\n"'],
    ['a control character', '"a\tb"'],
    ['non-ASCII', 'clé'],
    ['a NUL byte', 'a\u0000b'],
  ])('refuses %s with a 400 naming the header', (_case, value) => {
    const refuse = () => parseIdempotencyKey(value);
    expect(refuse).toThrow(ProblemException);
    try {
      refuse();
    } catch (error) {
      expect((error as ProblemException).getStatus()).toBe(400);
      expect((error as ProblemException).type).toMatch(/invalid-idempotency-key$/);
      expect((error as ProblemException).errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    }
  });

  it('refuses a header sent twice (as an array)', () => {
    expect(() => parseIdempotencyKey(['a', 'b'])).toThrow(ProblemException);
  });
});

describe('requestFingerprint', () => {
  const req = (method: string, originalUrl: string, body?: unknown) => ({ method, originalUrl, body }) as Request;

  it('is the same for the same method, path, query and body', () => {
    expect(requestFingerprint(req('POST', '/api/v1/meetings', { title: 'a' }))).toBe(
      requestFingerprint(req('POST', '/api/v1/meetings', { title: 'a' })),
    );
  });

  it('differs when the path, the query, the method or the body differs', () => {
    const base = requestFingerprint(req('POST', '/api/v1/meetings', { title: 'a' }));
    expect(requestFingerprint(req('POST', '/api/v1/action-items', { title: 'a' }))).not.toBe(base);
    expect(requestFingerprint(req('POST', '/api/v1/meetings?x=1', { title: 'a' }))).not.toBe(base);
    expect(requestFingerprint(req('PUT', '/api/v1/meetings', { title: 'a' }))).not.toBe(base);
    expect(requestFingerprint(req('POST', '/api/v1/meetings', { title: 'b' }))).not.toBe(base);
    expect(requestFingerprint(req('POST', '/api/v1/meetings', 'title: a'))).not.toBe(
      requestFingerprint(req('POST', '/api/v1/meetings', 'title: b')),
    );
  });

  it('is the target alone for a body not parsed before the handler (a multipart upload)', () => {
    expect(requestFingerprint(req('POST', '/api/v1/rag/documents'))).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint(req('POST', '/api/v1/rag/documents'))).toBe(requestFingerprint(req('POST', '/api/v1/rag/documents')));
  });
});
