import request from 'supertest';
import { addMember, bearer, login, register, type TokenResponse, uniqueEmail } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

type Role = 'owner' | 'admin' | 'member' | 'viewer';
const ROLES: Role[] = ['owner', 'admin', 'member', 'viewer'];

/** A number: the role gets that status. A role name: 403 `insufficient-role` naming that role as `requiredRole`. */
type Outcome = number | Role;

interface Caller {
  role: Role;
  tokens: TokenResponse;
  /** Request helpers acting as this caller. */
  get(path: string): request.Test;
  send(method: 'post' | 'put' | 'patch' | 'delete', path: string, body?: object): request.Test;
}

interface Fixture {
  users: Record<Role, TokenResponse>;
  /** A member whose role the admins of the matrix change to viewer. */
  subject: TokenResponse;
  /** A member the owner makes owner (and nobody else may). */
  heir: TokenResponse;
  /** One member per role for that role to try to remove. */
  victims: Record<Role, TokenResponse>;
}

interface Rule {
  route: string;
  outcomes: Record<Role, Outcome>;
  call: (as: Caller, fixture: Fixture) => request.Test;
}

const rule = (route: string, owner: Outcome, admin: Outcome, member: Outcome, viewer: Outcome, call: Rule['call']): Rule => ({
  route,
  outcomes: { owner, admin, member, viewer },
  call,
});

/**
 * Who may do what in one tenant (docs/auth.md, "Tenants and roles"): viewers read and manage their own
 * account; members also write tenant data; admins also manage members, invitations, settings, the IP
 * allowlist, and read the audit log; owners also grant and remove ownership.
 */
// prettier-ignore
const MATRIX: Rule[] = [
  //    route                                                        owner    admin    member   viewer
  rule('GET    /tenants/current',                                    200,     200,     200,     200,     (as) => as.get('/tenants/current')),
  rule('GET    /tenants/current/members',                            200,     200,     200,     200,     (as) => as.get('/tenants/current/members')),
  rule('GET    /auth/me',                                            200,     200,     200,     200,     (as) => as.get('/auth/me')),
  rule('GET    /auth/sessions',                                      200,     200,     200,     200,     (as) => as.get('/auth/sessions')),
  rule('PATCH  /tenants/current {name}',                             200,     200,     'admin', 'admin', (as) => as.send('patch', '/tenants/current', { name: `Renamed by ${as.role}` })),
  rule('POST   /tenants/current/invitations',                        201,     201,     'admin', 'admin', (as) => as.send('post', '/tenants/current/invitations', { email: uniqueEmail(`by-${as.role}`), role: 'viewer' })),
  rule('GET    /tenants/current/ip-allowlist',                       200,     200,     'admin', 'admin', (as) => as.get('/tenants/current/ip-allowlist')),
  rule('PUT    /tenants/current/ip-allowlist',                       200,     200,     'admin', 'admin', (as) => as.send('put', '/tenants/current/ip-allowlist', { cidrs: [] })),
  rule('GET    /audit-logs',                                         200,     200,     'admin', 'admin', (as) => as.get('/audit-logs')),
  rule("PATCH  /tenants/current/members/:other {role: 'viewer'}",    200,     200,     'admin', 'admin', (as, f) => as.send('patch', `/tenants/current/members/${f.subject.user.id}`, { role: 'viewer' })),
  rule('DELETE /tenants/current/members/:other',                     204,     204,     'admin', 'admin', (as, f) => as.send('delete', `/tenants/current/members/${f.victims[as.role].user.id}`)),
  rule("PATCH  /tenants/current/members/:other {role: 'owner'}",     200,     'owner', 'admin', 'admin', (as, f) => as.send('patch', `/tenants/current/members/${f.heir.user.id}`, { role: 'owner' })),
  rule("PATCH  /tenants/current/members/:self {role: 'owner'}",      200,     'owner', 'admin', 'admin', (as) => as.send('patch', `/tenants/current/members/${as.tokens.user.id}`, { role: 'owner' })),
];

describe('roles: who may do what in a tenant', () => {
  let t: TestApp;
  const fixture = {} as Fixture;

  const caller = (role: Role): Caller => {
    const tokens = fixture.users[role];
    return {
      role,
      tokens,
      get: (path) => request(t.server).get(`/api/v1${path}`).set(bearer(tokens)),
      send: (method, path, body) => {
        const req = request(t.server)[method](`/api/v1${path}`).set(bearer(tokens));
        return body ? req.send(body) : req;
      },
    };
  };

  beforeAll(async () => {
    // The matrix sends many requests from one address; the rate limiter is not what this file tests.
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    const owner = await register(t, { tenantName: 'Matrix' });
    fixture.users = {
      owner,
      admin: await addMember(t, owner, 'admin'),
      member: await addMember(t, owner, 'member'),
      viewer: await addMember(t, owner, 'viewer'),
    };
    fixture.subject = await addMember(t, owner, 'member');
    fixture.heir = await addMember(t, owner, 'member');
    fixture.victims = {} as Record<Role, TokenResponse>;
    for (const role of ROLES) fixture.victims[role] = await addMember(t, owner, 'viewer');
  });
  afterAll(() => t.close());

  describe.each(ROLES)('as %s', (role) => {
    for (const { route, outcomes, call } of MATRIX) {
      const outcome = outcomes[role];
      const expectation = typeof outcome === 'number' ? `${outcome}` : `403 insufficient-role (needs ${outcome})`;
      it(`${route.replace(/\s+/g, ' ')} → ${expectation}`, async () => {
        const res = await call(caller(role), fixture);
        if (typeof outcome === 'number') {
          expect({ status: res.status, body: res.body }).toEqual({ status: outcome, body: expect.anything() });
        } else {
          expectProblem(res, 403, { type: 'insufficient-role', requiredRole: outcome, detail: expect.stringContaining(role) });
        }
      });
    }
  });

  // Runs after the matrix (tests run in declaration order) and checks its aftermath.
  it('lets nothing forbidden above take effect', async () => {
    const owner = caller('owner');
    const tenant = await owner.get('/tenants/current').expect(200);
    expect(tenant.body.name).toMatch(/^Renamed by (owner|admin)$/);

    const members = (await owner.get('/tenants/current/members').query({ limit: 100 }).expect(200)).body.items as {
      userId: string;
      role: string;
    }[];
    const roleOf = (tokens: TokenResponse) => members.find((m) => m.userId === tokens.user.id)?.role;
    expect(ROLES.map((r) => roleOf(fixture.users[r]))).toEqual(ROLES);
    expect(roleOf(fixture.victims.member)).toBe('viewer');
    expect(roleOf(fixture.victims.viewer)).toBe('viewer');
    expect(roleOf(fixture.victims.admin)).toBeUndefined();
    expect(roleOf(fixture.victims.owner)).toBeUndefined();
    expect(roleOf(fixture.subject)).toBe('viewer');
    expect(roleOf(fixture.heir)).toBe('owner');

    const invitations = (await owner.get('/audit-logs').query({ action: 'invitation.created', limit: 100 }).expect(200)).body.items as {
      actorUserId: string;
    }[];
    const inviters = new Set(invitations.map((row) => row.actorUserId));
    expect(inviters).toEqual(new Set([fixture.users.owner.user.id, fixture.users.admin.user.id]));
  });

  it('lets a viewer manage their own account: profile, sessions, logout', async () => {
    const viewer = caller('viewer');
    const second = await login(t, viewer.tokens.user.email);
    const third = await login(t, viewer.tokens.user.email);
    const sessionOf = async (tokens: TokenResponse) =>
      (await request(t.server).get('/api/v1/auth/me').set(bearer(tokens)).expect(200)).body.sessionId as string;
    const [ownSession, secondSession] = [await sessionOf(viewer.tokens), await sessionOf(second)];

    const me = await viewer.get('/auth/me').expect(200);
    expect(me.body).toMatchObject({ user: { id: viewer.tokens.user.id }, tenant: { role: 'viewer' } });
    const sessions = (await viewer.get('/auth/sessions').expect(200)).body.items as { id: string; current: boolean }[];
    expect(sessions.filter((s) => s.current).map((s) => s.id)).toEqual([ownSession]);
    expect(sessions.map((s) => s.id)).toEqual(expect.arrayContaining([ownSession, secondSession]));

    await viewer.send('delete', `/auth/sessions/${secondSession}`).expect(204);
    await request(t.server).get('/api/v1/auth/me').set(bearer(second)).expect(401);

    // Another user's session is not the viewer's to end: it looks like one that does not exist.
    const ownerSession = await sessionOf(fixture.users.owner);
    await viewer.send('delete', `/auth/sessions/${ownerSession}`).expect(404);
    await caller('owner').get('/auth/me').expect(200);

    await request(t.server).post('/api/v1/auth/logout').set(bearer(third)).expect(204);
    await request(t.server).get('/api/v1/auth/me').set(bearer(third)).expect(401);

    const fourth = await login(t, viewer.tokens.user.email);
    const ended = await viewer.send('delete', '/auth/sessions').expect(200);
    expect(ended.body).toEqual({ revoked: 1 });
    await request(t.server).get('/api/v1/auth/me').set(bearer(fourth)).expect(401);
    await viewer.get('/auth/me').expect(200);
  });
});
