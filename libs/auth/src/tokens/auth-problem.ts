import { ProblemException } from '@quorum/platform';

export type AuthProblemCode = 'missing_token' | 'invalid_token' | 'token_expired' | 'session_revoked';

/** A 401 with a machine-readable `code` (also sent to Socket.IO clients) and the RFC 6750 challenge. */
export function authProblem(code: AuthProblemCode, detail: string): ProblemException {
  const error = code === 'missing_token' ? '' : ' error="invalid_token"';
  return new ProblemException({
    status: 401,
    slug: 'unauthorized',
    detail,
    extensions: { code },
    headers: { 'WWW-Authenticate': `Bearer realm="quorum"${error}` },
  });
}

/** Explains why passport-jwt rejected a token, from the error it reports. */
export function explainTokenFailure(info: unknown): ProblemException {
  const name = (info as { name?: string } | undefined)?.name;
  const message = (info as { message?: string } | undefined)?.message ?? '';
  if (name === 'TokenExpiredError')
    return authProblem('token_expired', 'The access token has expired; get a new one from POST /api/v1/auth/refresh.');
  if (/no auth token/i.test(message))
    return authProblem('missing_token', 'Authentication required: send an access token as "Authorization: Bearer <token>".');
  return authProblem('invalid_token', 'The access token is not valid.');
}
