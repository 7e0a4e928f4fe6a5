import request from 'supertest';
import { addMember, bearer, register, STRONG_PASSWORD, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

const INSIDE = '203.0.113.5';
const ALSO_INSIDE = '203.0.113.77';
const INSIDE_V6 = '2001:db8:abcd::1';
const OUTSIDE = '198.51.100.9';

describe('IP allowlist: a tenant only answers requests from its listed addresses', () => {
  let t: TestApp;

  // With TRUST_PROXY=loopback the test client (on loopback) is a trusted proxy, so X-Forwarded-For names the client.
  const get = (tokens: TokenResponse, path: string, ip?: string) => {
    const req = request(t.server).get(`/api/v1${path}`).set(bearer(tokens));
    return ip ? req.set('X-Forwarded-For', ip) : req;
  };
  const readList = (tokens: TokenResponse, ip: string) => get(tokens, '/tenants/current/ip-allowlist', ip);
  const putList = (tokens: TokenResponse, body: unknown, ip: string) =>
    request(t.server)
      .put('/api/v1/tenants/current/ip-allowlist')
      .set(bearer(tokens))
      .set('X-Forwarded-For', ip)
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback', THROTTLE_LIMIT: '100000' } });
  });
  afterAll(() => t.close());

  it('is empty by default, letting any address in', async () => {
    const owner = await register(t);
    expect((await readList(owner, OUTSIDE).expect(200)).body).toEqual({ cidrs: [] });
    await get(owner, '/tenants/current', OUTSIDE).expect(200);
  });

  it('restricts every request for the tenant to the listed IPv4 and IPv6 ranges, until emptied', async () => {
    const owner = await register(t, { tenantName: 'Fortress' });
    const member = await addMember(t, owner, 'member');
    const cidrs = ['203.0.113.0/24', '2001:db8::/32'];

    expect((await putList(owner, { cidrs }, INSIDE).expect(200)).body).toEqual({ cidrs });
    expect((await readList(owner, INSIDE).expect(200)).body).toEqual({ cidrs });

    for (const path of ['/tenants/current', '/auth/me', '/tenants/current/members']) {
      const res = await get(owner, path, OUTSIDE);
      expectProblem(res, 403, 'ip-not-allowed');
      expect(res.body.detail).toContain(OUTSIDE);
    }
    // It binds every member, and even the admin cannot lift it from outside.
    expectProblem(await get(member, '/tenants/current', OUTSIDE), 403, 'ip-not-allowed');
    expectProblem(await putList(owner, { cidrs: [] }, OUTSIDE), 403, 'ip-not-allowed');

    for (const ip of [INSIDE, ALSO_INSIDE, INSIDE_V6, `::ffff:${ALSO_INSIDE}`]) {
      expect((await get(owner, '/tenants/current', ip).expect(200)).body.name).toBe('Fortress');
    }
    await get(member, '/tenants/current', ALSO_INSIDE).expect(200);
    expectProblem(await get(owner, '/tenants/current', '2001:db9::1'), 403, 'ip-not-allowed');
    // Without a forwarded address the client is the loopback peer itself, which is not listed.
    expectProblem(await get(owner, '/tenants/current'), 403, 'ip-not-allowed');
    // Only the hop the trusted proxy saw counts: a client cannot prepend an allowed address of its own.
    expectProblem(await get(owner, '/tenants/current', `${INSIDE}, ${OUTSIDE}`), 403, 'ip-not-allowed');

    expect((await putList(owner, { cidrs: [] }, INSIDE).expect(200)).body).toEqual({ cidrs: [] });
    await get(owner, '/tenants/current', OUTSIDE).expect(200);
    await get(member, '/tenants/current').expect(200);
  });

  it('issues no tokens for the tenant outside the list: login, refresh and switch-tenant get 403', async () => {
    const owner = await register(t, { tenantName: 'Sealed' });
    await putList(owner, { cidrs: ['203.0.113.0/24'] }, INSIDE).expect(200);
    const login = (ip: string) =>
      request(t.server).post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email: owner.user.email, password: STRONG_PASSWORD });
    expectProblem(await login(OUTSIDE), 403, 'ip-not-allowed');
    const inside = await login(INSIDE).expect(200);
    expectProblem(
      await request(t.server)
        .post('/api/v1/auth/refresh')
        .set('X-Forwarded-For', OUTSIDE)
        .send({ refreshToken: inside.body.refresh_token }),
      403,
      'ip-not-allowed',
    );
  });

  it('refuses a list that would lock the caller out (409) and keeps the current one', async () => {
    const owner = await register(t);
    const lockout = await putList(owner, { cidrs: ['10.0.0.0/8'] }, INSIDE);
    expectProblem(lockout, 409, 'would-lock-out');
    expect(lockout.body.detail).toContain(INSIDE);
    expect((await readList(owner, OUTSIDE).expect(200)).body).toEqual({ cidrs: [] });

    await putList(owner, { cidrs: ['203.0.113.0/24'] }, INSIDE).expect(200);
    expectProblem(await putList(owner, { cidrs: ['2001:db8::/32'] }, INSIDE), 409, 'would-lock-out');
    expect((await readList(owner, INSIDE).expect(200)).body).toEqual({ cidrs: ['203.0.113.0/24'] });

    // The same holds for a caller on IPv6.
    await putList(owner, { cidrs: ['203.0.113.0/24', '2001:db8::/32'] }, INSIDE).expect(200);
    expectProblem(await putList(owner, { cidrs: ['203.0.113.0/24'] }, INSIDE_V6), 409, 'would-lock-out');
    expect((await putList(owner, { cidrs: ['2001:db8::/32'] }, INSIDE_V6).expect(200)).body).toEqual({ cidrs: ['2001:db8::/32'] });
    expectProblem(await get(owner, '/tenants/current', INSIDE), 403, 'ip-not-allowed');
  });

  it('rejects anything but a list of CIDRs with a 400 naming cidrs, changing nothing', async () => {
    const owner = await register(t);
    const invalid: unknown[] = [
      { cidrs: ['10.0.0.0/33'] },
      { cidrs: ['nonsense'] },
      { cidrs: ['203.0.113.0/24', '2001:db8::/129'] },
      { cidrs: ['10.0.0/8'] },
      { cidrs: ['10.0.0.0/8/8'] },
      { cidrs: [42] },
      { cidrs: '203.0.113.0/24' },
      { cidrs: Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`) },
      {},
    ];
    for (const body of invalid) {
      const res = await putList(owner, body, INSIDE);
      expectProblem(res, 400, { type: 'validation-failed', field: 'cidrs' });
    }
    expect((await readList(owner, OUTSIDE).expect(200)).body).toEqual({ cidrs: [] });
  });

  it('stores single addresses as host ranges, once each', async () => {
    const owner = await register(t);
    const res = await putList(owner, { cidrs: [INSIDE, `${INSIDE}/32`, ' 2001:DB8::/32 ', '2001:db8::/32'] }, INSIDE).expect(200);
    expect(res.body).toEqual({ cidrs: [`${INSIDE}/32`, '2001:db8::/32'] });
    expect((await readList(owner, INSIDE).expect(200)).body).toEqual(res.body);
    await get(owner, '/tenants/current', INSIDE_V6).expect(200);
    expectProblem(await get(owner, '/tenants/current', ALSO_INSIDE), 403, 'ip-not-allowed');
  });

  it("does not affect other tenants, even a user's other tenant", async () => {
    const restricted = await register(t, { tenantName: 'Restricted' });
    const open = await register(t, { tenantName: 'Open' });
    await putList(restricted, { cidrs: ['203.0.113.0/24'] }, INSIDE).expect(200);

    expectProblem(await get(restricted, '/tenants/current', OUTSIDE), 403, 'ip-not-allowed');
    expect((await get(open, '/tenants/current', OUTSIDE).expect(200)).body.name).toBe('Open');
    expect((await readList(open, OUTSIDE).expect(200)).body).toEqual({ cidrs: [] });

    // The allowlist belongs to the tenant, not the person: the owner of Restricted joins Open and acts there from anywhere.
    const invitation = await request(t.server)
      .post('/api/v1/tenants/current/invitations')
      .set(bearer(open))
      .set('X-Forwarded-For', OUTSIDE)
      .send({ email: restricted.user.email, role: 'viewer' })
      .expect(201);
    const joined = await request(t.server)
      .post('/api/v1/auth/accept-invitation')
      .set(bearer(restricted))
      .set('X-Forwarded-For', INSIDE)
      .send({ invitationToken: invitation.body.token })
      .expect(200);
    expect(joined.body.tenant).toMatchObject({ id: open.tenant.id, role: 'viewer' });
    await get(joined.body, '/tenants/current', OUTSIDE).expect(200);
  });

  it('is read and changed by admins only', async () => {
    const owner = await register(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    const viewer = await addMember(t, owner, 'viewer');

    for (const tokens of [member, viewer]) {
      for (const res of [await readList(tokens, INSIDE), await putList(tokens, { cidrs: ['203.0.113.0/24'] }, INSIDE)]) {
        expectProblem(res, 403, 'insufficient-role');
        expect(res.body.requiredRole).toBe('admin');
      }
    }
    expect((await readList(owner, OUTSIDE).expect(200)).body).toEqual({ cidrs: [] });

    expect((await putList(admin, { cidrs: ['203.0.113.0/24'] }, INSIDE).expect(200)).body).toEqual({ cidrs: ['203.0.113.0/24'] });
    expect((await readList(admin, INSIDE).expect(200)).body).toEqual({ cidrs: ['203.0.113.0/24'] });
  });
});
