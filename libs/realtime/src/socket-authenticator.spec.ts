import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenService, type SessionsService } from '@quorum/auth';
import { AppConfig, ProblemException } from '@quorum/platform';
import { type TenantsService } from '@quorum/tenants';
import jwt from 'jsonwebtoken';
import { SocketAuthenticator } from './socket-authenticator';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256-0000';

describe('SocketAuthenticator', () => {
  const config = AppConfig.fromEnv({ NODE_ENV: 'test', JWT_SECRET: SECRET });
  const claims = { sub: randomUUID(), tid: randomUUID(), role: 'member', sid: randomUUID() };
  const sign = (payload: object = claims, options: jwt.SignOptions = {}, secret = SECRET) =>
    jwt.sign(payload, secret, { issuer: 'quorum', audience: 'quorum-api', expiresIn: 600, ...options });

  let isLive: jest.Mock;
  let assertIpAllowed: jest.Mock;
  let authenticator: SocketAuthenticator;

  beforeEach(() => {
    isLive = jest.fn().mockResolvedValue(true);
    assertIpAllowed = jest.fn().mockResolvedValue(undefined);
    authenticator = new SocketAuthenticator(
      new AccessTokenService(new JwtService({}), config),
      { isLive } as unknown as SessionsService,
      { assertIpAllowed } as unknown as TenantsService,
    );
  });

  const refusal = async (token: unknown, ip = '127.0.0.1') => {
    const error = await authenticator.authenticate(token, ip).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProblemException);
    const problem = error as ProblemException;
    return { status: problem.getStatus(), code: problem.extensions.code, type: problem.type, detail: problem.detail };
  };

  it('accepts a valid token of a live session from an allowed address, as the principal', async () => {
    await expect(authenticator.authenticate(sign(), '203.0.113.9')).resolves.toEqual({
      userId: claims.sub,
      tenantId: claims.tid,
      role: 'member',
      sessionId: claims.sid,
    });
    expect(isLive).toHaveBeenCalledWith({ userId: claims.sub, tenantId: claims.tid, role: 'member', sessionId: claims.sid });
    expect(assertIpAllowed).toHaveBeenCalledWith(claims.tid, '203.0.113.9');
  });

  it('takes the Authorization header value as well as the bare token', async () => {
    await expect(authenticator.authenticate(`Bearer ${sign()}`, undefined)).resolves.toMatchObject({ userId: claims.sub });
  });

  it.each([undefined, null, '', '   ', 42, { token: 'x' }, 'Bearer '])('says missing_token for %p', async (token) => {
    expect(await refusal(token)).toMatchObject({ status: 401, code: 'missing_token', type: 'https://quorum.dev/problems/unauthorized' });
  });

  it.each<[string, () => string]>([
    ['garbage', () => 'not-a-jwt'],
    ['a wrong signature', () => sign(claims, {}, 'another-secret-that-is-long-enough-000000000')],
    ['another HMAC algorithm', () => sign(claims, { algorithm: 'HS512' })],
    ['no signature at all', () => jwt.sign(claims, '', { algorithm: 'none', issuer: 'quorum', audience: 'quorum-api' })],
    ['a wrong issuer', () => sign(claims, { issuer: 'evil' })],
    ['a wrong audience', () => sign(claims, { audience: 'other-api' })],
    ['missing claims', () => sign({ sub: claims.sub })],
    ['claims that are not UUIDs', () => sign({ ...claims, tid: 'tenant-1' })],
    ['an unknown role', () => sign({ ...claims, role: 'superuser' })],
  ])('says invalid_token for %s', async (_label, token) => {
    expect(await refusal(token())).toMatchObject({ status: 401, code: 'invalid_token' });
    expect(isLive).not.toHaveBeenCalled();
  });

  it('says token_expired for an expired token', async () => {
    const expired = sign({ ...claims, iat: Math.floor(Date.now() / 1000) - 1000 }, { expiresIn: -10 });
    expect(await refusal(expired)).toMatchObject({ status: 401, code: 'token_expired', detail: expect.stringContaining('/auth/refresh') });
  });

  it('says session_revoked when the session has ended, before looking at the address', async () => {
    isLive.mockResolvedValue(false);
    expect(await refusal(sign())).toMatchObject({ status: 401, code: 'session_revoked' });
    expect(assertIpAllowed).not.toHaveBeenCalled();
  });

  it("passes on the tenant's IP allowlist refusal", async () => {
    assertIpAllowed.mockRejectedValue(new ProblemException({ status: 403, slug: 'ip-not-allowed', detail: 'not on the list' }));
    expect(await refusal(sign(), '198.51.100.7')).toMatchObject({ status: 403, type: 'https://quorum.dev/problems/ip-not-allowed' });
  });
});
