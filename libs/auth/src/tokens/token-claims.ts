import type { Role } from '@quorum/platform';

export const TOKEN_ISSUER = 'quorum';
export const TOKEN_AUDIENCE = 'quorum-api';
export const TOKEN_ALGORITHM = 'HS256';

/** What an access token says, in JWT's short claim names. */
export interface AccessTokenClaims {
  sub: string;
  tid: string;
  role: Role;
  sid: string;
}
