import request from 'supertest';
import { addMember, bearer, login, register, STRONG_PASSWORD, type TokenResponse, uniqueEmail } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

interface AuditRow {
  id: string;
  actorUserId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
}

const NEW_PASSWORD = 'Brand-New-Secret-42';

describe('audit log: GET /api/v1/audit-logs', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let admin: TokenResponse;
  let watcher: TokenResponse;
  let member: TokenResponse;
  let stranger: TokenResponse;
  /** Ids and request ids of what the scenario did, to find the rows it must have left. */
  const did = {} as {
    loginSession: string;
    invitationId: string;
    memberSession: string;
    roleChangeRequestId: string;
    revokedSession: string;
  };
  /** The whole trail of the tenant, newest first. */
  let trail: AuditRow[];

  const logs = (tokens: TokenResponse, query: Record<string, unknown> = {}) =>
    request(t.server).get('/api/v1/audit-logs').set(bearer(tokens)).query(query);
  const sessionOf = async (tokens: TokenResponse) =>
    (await request(t.server).get('/api/v1/auth/me').set(bearer(tokens)).expect(200)).body.sessionId as string;
  const rowsOf = (action: string) => trail.filter((row) => row.action === action);

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    const server = t.server;

    owner = await register(t, { tenantName: 'Audited' });
    const session = await login(t, owner.user.email);
    did.loginSession = await sessionOf(session);
    await request(server).post('/api/v1/auth/login').send({ email: owner.user.email, password: 'Wrong-Password-123' }).expect(401);
    await request(server).post('/api/v1/auth/logout').set(bearer(session)).expect(204);

    const email = uniqueEmail('audited-member');
    const invitation = await request(server)
      .post('/api/v1/tenants/current/invitations')
      .set(bearer(owner))
      .send({ email, role: 'member' })
      .expect(201);
    did.invitationId = invitation.body.id;
    member = await register(t, { email, invitationToken: invitation.body.token });
    did.memberSession = await sessionOf(member);
    const roleChange = await request(server)
      .patch(`/api/v1/tenants/current/members/${member.user.id}`)
      .set(bearer(owner))
      .send({ role: 'viewer' })
      .expect(200);
    did.roleChangeRequestId = roleChange.headers['x-request-id'];
    await request(server).delete(`/api/v1/tenants/current/members/${member.user.id}`).set(bearer(owner)).expect(204);

    await request(server)
      .put('/api/v1/tenants/current/ip-allowlist')
      .set(bearer(owner))
      .send({ cidrs: ['127.0.0.0/8', '::1/128'] })
      .expect(200);
    await request(server).put('/api/v1/tenants/current/ip-allowlist').set(bearer(owner)).send({ cidrs: [] }).expect(200);

    await request(server)
      .post('/api/v1/auth/change-password')
      .set(bearer(owner))
      .send({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })
      .expect(200);
    const second = await login(t, owner.user.email, NEW_PASSWORD);
    did.revokedSession = await sessionOf(second);
    await request(server).delete(`/api/v1/auth/sessions/${did.revokedSession}`).set(bearer(owner)).expect(204);

    admin = await addMember(t, owner, 'admin');
    watcher = await addMember(t, owner, 'member');
    for (const name of ['Audited II', 'Audited III', 'Audited'])
      await request(server).patch('/api/v1/tenants/current').set(bearer(owner)).send({ name }).expect(200);

    // Another tenant, with rows of its own that must never show up above.
    stranger = await register(t, { tenantName: 'Elsewhere' });
    await request(server).post('/api/v1/auth/login').send({ email: stranger.user.email, password: 'Wrong-Password-123' }).expect(401);
    await request(server)
      .post('/api/v1/tenants/current/invitations')
      .set(bearer(stranger))
      .send({ email: uniqueEmail('elsewhere'), role: 'viewer' })
      .expect(201);

    const all = await logs(owner, { limit: 100 }).expect(200);
    expect(all.body.nextCursor).toBeNull();
    trail = all.body.items;
  });
  afterAll(() => t.close());

  it('is for admins and owners only', async () => {
    const res = await logs(watcher);
    expectProblem(res, 403, 'insufficient-role');
    expect(res.body.requiredRole).toBe('admin');
    expect((await logs(admin, { limit: 100 }).expect(200)).body.items.map((row: AuditRow) => row.id)).toEqual(trail.map((row) => row.id));
    expectProblem(await request(t.server).get('/api/v1/audit-logs'), 401, 'unauthorized');
  });

  it('records every security-relevant action with its actor, entity, address and request id', async () => {
    const [ownerId, memberId] = [owner.user.id, member.user.id];
    expect(rowsOf('auth.registered')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorUserId: ownerId, entityType: 'user', entityId: ownerId, metadata: { invited: false } }),
        expect.objectContaining({ actorUserId: memberId, entityType: 'user', entityId: memberId, metadata: { invited: true } }),
      ]),
    );
    expect(rowsOf('auth.login.succeeded')).toContainEqual(
      expect.objectContaining({ actorUserId: ownerId, entityType: 'session', entityId: did.loginSession }),
    );
    // A failed login has no authenticated actor; the row names the account that was tried.
    expect(rowsOf('auth.login.failed')).toEqual([expect.objectContaining({ actorUserId: null, entityType: 'user', entityId: ownerId })]);
    expect(rowsOf('auth.logout')).toEqual([
      expect.objectContaining({ actorUserId: ownerId, entityType: 'session', entityId: did.loginSession }),
    ]);
    expect(rowsOf('invitation.created')).toContainEqual(
      expect.objectContaining({
        actorUserId: ownerId,
        entityType: 'invitation',
        entityId: did.invitationId,
        metadata: { email: member.user.email, role: 'member' },
      }),
    );
    expect(rowsOf('invitation.accepted')).toContainEqual(
      expect.objectContaining({ actorUserId: memberId, entityType: 'invitation', entityId: did.invitationId }),
    );
    expect(rowsOf('member.role_changed')).toEqual([
      expect.objectContaining({
        actorUserId: ownerId,
        entityType: 'membership',
        entityId: memberId,
        metadata: { from: 'member', to: 'viewer' },
        requestId: did.roleChangeRequestId,
      }),
    ]);
    expect(rowsOf('auth.session_revoked')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actorUserId: ownerId,
          entityType: 'session',
          entityId: did.memberSession,
          metadata: { reason: 'role_changed', userId: memberId },
        }),
        expect.objectContaining({
          actorUserId: ownerId,
          entityType: 'session',
          entityId: did.revokedSession,
          metadata: { reason: 'revoked_by_user', userId: ownerId },
        }),
      ]),
    );
    expect(rowsOf('member.removed')).toEqual([
      expect.objectContaining({ actorUserId: ownerId, entityType: 'membership', entityId: memberId, metadata: { role: 'viewer' } }),
    ]);
    expect(rowsOf('tenant.ip_allowlist_changed').map((row) => row.metadata)).toEqual([
      { from: ['127.0.0.0/8', '::1/128'], to: [] },
      { from: [], to: ['127.0.0.0/8', '::1/128'] },
    ]);
    expect(rowsOf('auth.password_changed')).toEqual([
      expect.objectContaining({ actorUserId: ownerId, entityType: 'user', entityId: ownerId }),
    ]);
    expect(rowsOf('tenant.updated')).toHaveLength(3);

    for (const row of trail) {
      expect(row).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        actorUserId: row.actorUserId === null ? null : expect.stringMatching(/^[0-9a-f-]{36}$/),
        action: expect.stringMatching(/^[a-z_]+(\.[a-z_]+)+$/),
        entityType: expect.any(String),
        entityId: expect.any(String),
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
        requestId: expect.any(String),
        metadata: expect.any(Object),
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
    }
  });

  it('lists newest first', () => {
    const times = trail.map((row) => Date.parse(row.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(trail.at(-1)).toMatchObject({ action: 'auth.registered', actorUserId: owner.user.id });
  });

  it('filters by actor, exact action, action prefix, entity and entity id', async () => {
    const byMember = (await logs(owner, { actor: member.user.id, limit: 100 }).expect(200)).body.items as AuditRow[];
    expect(byMember.map((row) => row.action).sort()).toEqual(['auth.registered', 'invitation.accepted']);

    const failures = (await logs(owner, { action: 'auth.login.failed' }).expect(200)).body.items as AuditRow[];
    expect(failures.map((row) => row.id)).toEqual(rowsOf('auth.login.failed').map((row) => row.id));

    const memberRows = (await logs(owner, { action: 'member.*', limit: 100 }).expect(200)).body.items as AuditRow[];
    expect(memberRows.map((row) => row.action)).toEqual(['member.removed', 'member.role_changed']);
    const authRows = (await logs(owner, { action: 'auth.*', limit: 100 }).expect(200)).body.items as AuditRow[];
    expect(authRows.map((row) => row.id)).toEqual(trail.filter((row) => row.action.startsWith('auth.')).map((row) => row.id));
    // A prefix is a whole segment: `auth.login.*` is not `auth.logout`.
    const loginRows = (await logs(owner, { action: 'auth.login.*', limit: 100 }).expect(200)).body.items as AuditRow[];
    expect(new Set(loginRows.map((row) => row.action))).toEqual(new Set(['auth.login.succeeded', 'auth.login.failed']));

    const memberships = (await logs(owner, { entity: 'membership', limit: 100 }).expect(200)).body.items as AuditRow[];
    expect(memberships.map((row) => row.id)).toEqual(memberRows.map((row) => row.id));
    const aboutMember = (await logs(owner, { entityId: member.user.id, limit: 100 }).expect(200)).body.items as AuditRow[];
    expect(aboutMember.map((row) => row.action)).toEqual(['member.removed', 'member.role_changed', 'auth.registered']);

    const combined = (await logs(owner, { actor: owner.user.id, action: 'member.*', entity: 'membership' }).expect(200)).body
      .items as AuditRow[];
    expect(combined.map((row) => row.id)).toEqual(memberRows.map((row) => row.id));
    expect((await logs(owner, { action: 'member.left' }).expect(200)).body.items).toEqual([]);
  });

  it('filters by a date range, from inclusive and to exclusive', async () => {
    expect(trail.length).toBeGreaterThan(20);
    const from = trail[Math.floor((trail.length * 2) / 3)].createdAt;
    const to = trail[Math.floor(trail.length / 3)].createdAt;
    const expected = trail.filter((row) => Date.parse(row.createdAt) >= Date.parse(from) && Date.parse(row.createdAt) < Date.parse(to));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(trail.length);

    const ranged = (await logs(owner, { from, to, limit: 100 }).expect(200)).body.items as AuditRow[];
    expect(ranged.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    expect(ranged.map((row) => row.id)).toContain(trail.find((row) => row.createdAt === from)!.id);
    expect(ranged.map((row) => row.id)).not.toContain(trail.find((row) => row.createdAt === to)!.id);

    expect((await logs(owner, { from: '2000-01-01', limit: 100 }).expect(200)).body.items).toHaveLength(trail.length);
    expect((await logs(owner, { to: '2000-01-01T00:00:00Z' }).expect(200)).body.items).toEqual([]);
    expect((await logs(owner, { from: to, to: from }).expect(200)).body.items).toEqual([]);
  });

  it('pages with a cursor: limit=2 walks every row once, in order; 20 rows by default', async () => {
    const pages: AuditRow[][] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await logs(owner, { limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length <= trail.length);
    expect(cursor).toBeNull();
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(pages.flat().map((row) => row.id)).toEqual(trail.map((row) => row.id));

    // Filters hold on every page.
    const filtered = await logs(owner, { action: 'auth.*', limit: 2 }).expect(200);
    const next = await logs(owner, { action: 'auth.*', limit: 2, cursor: filtered.body.nextCursor }).expect(200);
    expect([...filtered.body.items, ...next.body.items].map((row: AuditRow) => row.id)).toEqual(
      trail
        .filter((row) => row.action.startsWith('auth.'))
        .slice(0, 4)
        .map((row) => row.id),
    );

    const firstPage = await logs(owner).expect(200);
    expect(firstPage.body.items.map((row: AuditRow) => row.id)).toEqual(trail.slice(0, 20).map((row) => row.id));
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
  });

  it('answers invalid filter values with a 400 problem naming the field', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify([value, trail[0].id])).toString('base64url');
    const invalid: [Record<string, unknown>, string][] = [
      [{ actor: 'not-a-uuid' }, 'actor'],
      [{ action: 'DROP TABLE audit_logs' }, 'action'],
      [{ action: 'Auth.Login' }, 'action'],
      [{ action: 'member.**' }, 'action'],
      [{ action: ['auth.logout', 'auth.registered'] }, 'action'],
      [{ entity: 'x'.repeat(65) }, 'entity'],
      [{ entityId: 'x'.repeat(65) }, 'entityId'],
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2026' }, 'from'],
      [{ from: '2026-W01' }, 'from'],
      [{ to: '2026-02-30' }, 'to'],
      [{ to: '2026-01-01T10Z' }, 'to'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ cursor: 'garbage!' }, 'cursor'],
      [{ cursor: cursor('yesterday') }, 'cursor'],
      [{ cursor: cursor(null) }, 'cursor'],
      [{ tenantId: stranger.tenant.id }, 'tenantId'],
    ];
    for (const [query, field] of invalid) {
      const res = await logs(owner, query);
      expectProblem(res, 400, { type: 'validation-failed', field });
    }
  });

  it("never shows another tenant's rows", async () => {
    const strangerIds = [stranger.user.id, stranger.tenant.id];
    expect(trail.filter((row) => strangerIds.includes(row.actorUserId ?? '') || strangerIds.includes(row.entityId ?? ''))).toEqual([]);
    expect((await logs(owner, { actor: stranger.user.id }).expect(200)).body.items).toEqual([]);
    expect((await logs(owner, { entityId: stranger.user.id }).expect(200)).body.items).toEqual([]);

    const theirs = (await logs(stranger, { limit: 100 }).expect(200)).body.items as AuditRow[];
    expect(theirs.map((row) => row.action).sort()).toEqual(['auth.login.failed', 'auth.registered', 'invitation.created']);
    const ours = new Set(trail.map((row) => row.id));
    expect(theirs.filter((row) => ours.has(row.id))).toEqual([]);
    // A cursor taken from this tenant's trail does not open the other one.
    const page = await logs(owner, { limit: 1 }).expect(200);
    const crossed = (await logs(stranger, { limit: 100, cursor: page.body.nextCursor }).expect(200)).body.items as AuditRow[];
    expect(crossed.filter((row) => ours.has(row.id))).toEqual([]);
  });
});
