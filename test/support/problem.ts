/** The media type of every error the api sends (RFC 9457; see docs/errors.md). */
export const PROBLEM_JSON = /^application\/problem\+json/;

/** A response as supertest gives it, or as test/support/raw-http reads it (body as text). */
export interface ResponseLike {
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
}

export type ProblemExpectation = {
  /** The problem type: the slug its URL ends in (`validation-failed`), or the whole URL. */
  type?: string;
  /** A field that the problem's `errors` must name (validation problems). */
  field?: string;
} & Record<string, unknown>;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function isProblem(res: { headers: Record<string, unknown> }): boolean {
  return PROBLEM_JSON.test(String(res.headers['content-type'] ?? ''));
}

/**
 * Every error is a problem document: the status, the problem+json media type, and a body that
 * repeats the status, explains itself (`detail`) and names the request (`requestId`).
 * `expected` is a type slug, or `{ type, field, ...members }` where the members must be in the
 * body as given (a `requestId` given here replaces "any string").
 */
export function expectProblem(res: ResponseLike, status: number, expected: string | ProblemExpectation = {}): void {
  const { type, field, ...members } = typeof expected === 'string' ? { type: expected } : expected;
  expect({ status: res.status, contentType: res.headers['content-type'] }).toEqual({
    status,
    contentType: expect.stringMatching(PROBLEM_JSON),
  });
  const body = (typeof res.body === 'string' ? JSON.parse(res.body) : res.body) as { errors?: unknown };
  expect(body).toMatchObject({
    status,
    detail: expect.any(String),
    requestId: expect.any(String),
    ...(type === undefined ? {} : { type: type.includes('/') ? type : expect.stringMatching(new RegExp(`/${escapeRegExp(type)}$`)) }),
    ...members,
  });
  if (field !== undefined) expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}
