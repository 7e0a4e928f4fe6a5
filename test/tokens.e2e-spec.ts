import jwt from 'jsonwebtoken';
import request from 'supertest';
import { bearer, login, register, STRONG_PASSWORD, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access and refresh tokens', () => {
  let t: TestApp;
  let owner: TokenResponse;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await register(t);
  });
  afterAll(() => t.close());

  const me = (token: string) => request(t.server).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const claims = () => {
    const decoded = jwt.decode(owner.access_token) as Record<string, unknown>;
    return { sub: decoded.sub, tid: decoded.tid, role: decoded.role, sid: decoded.sid };
  };

  it('carries user, tenant, role and session, signed HS256 by our issuer for our audience', () => {
    const decoded = jwt.verify(owner.access_token, t.config.jwtSecret, { algorithms: ['HS256'] }) as Record<string, unknown>;
    expect(decoded).toMatchObject({
      sub: owner.user.id,
      tid: owner.tenant.id,
      role: 'owner',
      sid: expect.any(String),
      iss: 'quorum',
      aud: 'quorum-api',
    });
    expect((decoded.exp as number) - (decoded.iat as number)).toBe(900);
  });

  it.each([
    [
      'alg: none',
      () =>
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), iss: 'quorum', aud: 'quorum-api', exp: Math.floor(Date.now() / 1000) + 600 })}.`,
    ],
    [
      'a wrong signature',
      () => jwt.sign(claims(), 'another-secret-that-is-long-enough-000000', { issuer: 'quorum', audience: 'quorum-api', expiresIn: 600 }),
    ],
    [
      'another HMAC algorithm',
      () => jwt.sign(claims(), t.config.jwtSecret, { algorithm: 'HS512', issuer: 'quorum', audience: 'quorum-api', expiresIn: 600 }),
    ],
    ['a wrong issuer', () => jwt.sign(claims(), t.config.jwtSecret, { issuer: 'evil', audience: 'quorum-api', expiresIn: 600 })],
    ['a wrong audience', () => jwt.sign(claims(), t.config.jwtSecret, { issuer: 'quorum', audience: 'other-api', expiresIn: 600 })],
    [
      'missing claims',
      () => jwt.sign({ sub: claims().sub }, t.config.jwtSecret, { issuer: 'quorum', audience: 'quorum-api', expiresIn: 600 }),
    ],
    ['a malformed token', () => 'abc.def'],
    ['no expiry', () => jwt.sign(claims(), t.config.jwtSecret, { issuer: 'quorum', audience: 'quorum-api' })],
    [
      'no issue time',
      () => jwt.sign(claims(), t.config.jwtSecret, { issuer: 'quorum', audience: 'quorum-api', expiresIn: 600, noTimestamp: true }),
    ],
    [
      'an issue time in the future',
      () =>
        jwt.sign({ ...claims(), iat: Math.floor(Date.now() / 1000) + 3600 }, t.config.jwtSecret, {
          issuer: 'quorum',
          audience: 'quorum-api',
          expiresIn: 600,
        }),
    ],
    [
      'a lifetime longer than we issue',
      () => jwt.sign(claims(), t.config.jwtSecret, { issuer: 'quorum', audience: 'quorum-api', expiresIn: '30d' }),
    ],
  ])('rejects %s with a 401 problem, never 500', async (_name, forge) => {
    const res = await me(forge()).expect(401);
    expectProblem(res, 401, { code: 'invalid_token' });
  });

  it("rejects a token naming another tenant's user with a live session of this tenant", async () => {
    const stranger = await register(t);
    const forged = jwt.sign({ ...claims(), sub: stranger.user.id }, t.config.jwtSecret, {
      issuer: 'quorum',
      audience: 'quorum-api',
      expiresIn: 600,
    });
    const res = await me(forged).expect(401);
    expectProblem(res, 401);
    // The genuine token of that session still works.
    await me(owner.access_token).expect(200);
  });

  it('rejects an expired token saying so', async () => {
    const expired = jwt.sign({ ...claims(), iat: Math.floor(Date.now() / 1000) - 1000 }, t.config.jwtSecret, {
      issuer: 'quorum',
      audience: 'quorum-api',
      expiresIn: -10,
    });
    const res = await me(expired).expect(401);
    expect(res.body.code).toBe('token_expired');
  });

  it('rotates the refresh token on every use', async () => {
    const user = await register(t);
    const first = await request(t.server).post('/api/v1/auth/refresh').send({ refreshToken: user.refresh_token }).expect(200);
    expect(first.body.refresh_token).not.toBe(user.refresh_token);
    expect(first.body).toMatchObject({ token_type: 'Bearer', user: { id: user.user.id }, tenant: { id: user.tenant.id, role: 'owner' } });
    await me(first.body.access_token).expect(200);
    const second = await request(t.server).post('/api/v1/auth/refresh').send({ refreshToken: first.body.refresh_token }).expect(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('revokes the whole session when a used refresh token comes back (theft detection)', async () => {
    const user = await register(t);
    const rotated = await request(t.server).post('/api/v1/auth/refresh').send({ refreshToken: user.refresh_token }).expect(200);
    // The attacker replays the stolen, already-used token.
    const replay = await request(t.server).post('/api/v1/auth/refresh').send({ refreshToken: user.refresh_token }).expect(401);
    expect(replay.body.detail).toMatch(/already used/);
    // Both the legitimate client's new tokens and every access token of the family are dead.
    await request(t.server).post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refresh_token }).expect(401);
    await me(rotated.body.access_token).expect(401);
    await me(user.access_token).expect(401);
  });

  it('rejects an unknown refresh token without touching any session', async () => {
    const user = await register(t);
    await request(t.server)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: 'x'.repeat(43) })
      .expect(401);
    await me(user.access_token).expect(200);
  });

  it('logout kills the access token at once, not when it expires', async () => {
    const user = await register(t);
    await me(user.access_token).expect(200);
    await request(t.server).post('/api/v1/auth/logout').set(bearer(user)).send({}).expect(204);
    const res = await me(user.access_token).expect(401);
    expect(res.body.code).toBe('session_revoked');
    await request(t.server).post('/api/v1/auth/refresh').send({ refreshToken: user.refresh_token }).expect(401);
  });

  it('lists sessions with the current one marked, and revokes one or all others', async () => {
    const user = await register(t);
    const second = await login(t, user.user.email);
    const third = await login(t, user.user.email);
    const list = await request(t.server).get('/api/v1/auth/sessions').set(bearer(third)).set('User-Agent', 'jest').expect(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(Object.keys(list.body.items[0]).sort()).toEqual(['createdAt', 'current', 'id', 'ip', 'lastUsedAt', 'userAgent']);
    expect(list.body.nextCursor).toBeNull();

    const secondId = (jwt.decode(second.access_token) as { sid: string }).sid;
    await request(t.server).delete(`/api/v1/auth/sessions/${secondId}`).set(bearer(third)).expect(204);
    await me(second.access_token).expect(401);
    await request(t.server).delete(`/api/v1/auth/sessions/${secondId}`).set(bearer(third)).expect(404);

    const revoked = await request(t.server).delete('/api/v1/auth/sessions').set(bearer(third)).expect(200);
    expect(revoked.body).toEqual({ revoked: 1 });
    await me(user.access_token).expect(401);
    await me(third.access_token).expect(200);
  });

  it('cannot revoke another user’s session', async () => {
    const alice = await register(t);
    const bob = await register(t);
    const bobSession = (jwt.decode(bob.access_token) as { sid: string }).sid;
    await request(t.server).delete(`/api/v1/auth/sessions/${bobSession}`).set(bearer(alice)).expect(404);
    await me(bob.access_token).expect(200);
  });

  it('changes the password, revoking every other session', async () => {
    const user = await register(t);
    const other = await login(t, user.user.email);
    const wrong = await request(t.server)
      .post('/api/v1/auth/change-password')
      .set(bearer(user))
      .send({ currentPassword: 'Not-The-Password-1', newPassword: 'Brand-New-Secret-42' })
      .expect(400);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'currentPassword is incorrect' }]);
    const weak = await request(t.server)
      .post('/api/v1/auth/change-password')
      .set(bearer(user))
      .send({ currentPassword: STRONG_PASSWORD, newPassword: 'short' })
      .expect(400);
    expect(weak.body.errors[0].field).toBe('newPassword');
    const res = await request(t.server)
      .post('/api/v1/auth/change-password')
      .set(bearer(user))
      .send({ currentPassword: STRONG_PASSWORD, newPassword: 'Brand-New-Secret-42' })
      .expect(200);
    expect(res.body).toEqual({ revoked: 1 });
    await me(other.access_token).expect(401);
    await me(user.access_token).expect(200);
    await request(t.server).post('/api/v1/auth/login').send({ email: user.user.email, password: STRONG_PASSWORD }).expect(401);
    await login(t, user.user.email, 'Brand-New-Secret-42');
  });

  it('joins another tenant by invitation and switches between tenants within the same session', async () => {
    const first = await register(t, { tenantName: 'First' });
    const invite = async (admin: TokenResponse, email: string, role: string) =>
      (await request(t.server).post('/api/v1/tenants/current/invitations').set(bearer(admin)).send({ email, role }).expect(201)).body as {
        token: string;
        email: string;
      };
    const firstInvite = await invite(first, `switch-${Date.now()}@example.com`, 'member');
    const member = await register(t, { email: firstInvite.email, invitationToken: firstInvite.token });
    const sid = (jwt.decode(member.access_token) as { sid: string }).sid;

    const second = await register(t, { tenantName: 'Second' });
    const secondInvite = await invite(second, firstInvite.email, 'viewer');
    const duplicateInvite = await invite(second, firstInvite.email, 'member');
    const joined = await request(t.server)
      .post('/api/v1/auth/accept-invitation')
      .set(bearer(member))
      .send({ invitationToken: secondInvite.token })
      .expect(200);
    expect(joined.body.tenant).toEqual({ id: second.tenant.id, name: 'Second', role: 'viewer' });
    await request(t.server)
      .post('/api/v1/auth/accept-invitation')
      .set(bearer(joined.body))
      .send({ invitationToken: secondInvite.token })
      .expect(422);
    // A second invitation, still pending, to a tenant the user has joined meanwhile.
    const duplicate = await request(t.server)
      .post('/api/v1/auth/accept-invitation')
      .set(bearer(joined.body))
      .send({ invitationToken: duplicateInvite.token })
      .expect(409);
    expect(duplicate.body.type).toMatch(/already-member$/);

    const back = await request(t.server)
      .post('/api/v1/auth/switch-tenant')
      .set(bearer(joined.body))
      .send({ tenantId: first.tenant.id })
      .expect(200);
    expect(back.body.tenant).toEqual({ id: first.tenant.id, name: 'First', role: 'member' });
    expect((jwt.decode(back.body.access_token) as { sid: string }).sid).toBe(sid);
    // Tokens the session issued for the tenant it left stop working at once.
    await request(t.server).get('/api/v1/auth/me').set(bearer(joined.body)).expect(401);
    await request(t.server).get('/api/v1/auth/me').set(bearer(back.body)).expect(200);
    const me = await request(t.server).get('/api/v1/auth/me').set(bearer(back.body)).expect(200);
    expect(me.body.tenants.map((x: { name: string }) => x.name).sort()).toEqual(['First', 'Second']);

    // A tenant the user does not belong to looks like one that does not exist.
    const stranger = await register(t);
    await request(t.server).post('/api/v1/auth/switch-tenant').set(bearer(back.body)).send({ tenantId: stranger.tenant.id }).expect(404);
  });
});
