import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addMember, bearer, login, register, STRONG_PASSWORD, type TokenResponse, uniqueEmail } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

interface Member {
  userId: string;
  email: string;
  name: string;
  role: string;
  joinedAt: string;
}

describe('tenants: the current tenant, its members and invitations', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let admin: TokenResponse;
  let member: TokenResponse;
  let viewer: TokenResponse;

  const api = (path: string) => `/api/v1${path}`;
  const get = (tokens: TokenResponse, path: string) => request(t.server).get(api(path)).set(bearer(tokens));
  const patch = (tokens: TokenResponse, path: string, body: object) => request(t.server).patch(api(path)).set(bearer(tokens)).send(body);
  const del = (tokens: TokenResponse, path: string) => request(t.server).delete(api(path)).set(bearer(tokens));
  const invite = (tokens: TokenResponse, body: object) =>
    request(t.server).post(api('/tenants/current/invitations')).set(bearer(tokens)).send(body);
  const me = (tokens: TokenResponse) => get(tokens, '/auth/me');
  const expectRevoked = async (tokens: TokenResponse) => {
    const res = await me(tokens).expect(401);
    expect(res.body.code).toBe('session_revoked');
  };

  /** Follows nextCursor from the first page to the last; fails instead of looping forever. */
  async function walkMembers(tokens: TokenResponse, limit: number): Promise<{ pages: Member[][]; items: Member[] }> {
    const pages: Member[][] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await get(tokens, '/tenants/current/members')
        .query({ limit, ...(cursor ? { cursor } : {}) })
        .expect(200);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length <= 20);
    expect(cursor).toBeNull();
    return { pages, items: pages.flat() };
  }

  beforeAll(async () => {
    // Many requests from one address in a minute; the rate limiter is not what this file tests.
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    owner = await register(t, { name: 'Olivia Owner', tenantName: 'Acme Research' });
    admin = await addMember(t, owner, 'admin');
    member = await addMember(t, owner, 'member');
    viewer = await addMember(t, owner, 'viewer');
  });
  afterAll(() => t.close());

  describe('GET/PATCH /tenants/current', () => {
    it("answers the tenant the token acts in, with the caller's own role", async () => {
      const res = await get(owner, '/tenants/current').expect(200);
      expect(res.body).toEqual({
        id: owner.tenant.id,
        name: 'Acme Research',
        role: 'owner',
        autoAnalyseMeetings: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      for (const [tokens, role] of [
        [admin, 'admin'],
        [member, 'member'],
        [viewer, 'viewer'],
      ] as const) {
        const seen = await get(tokens, '/tenants/current').expect(200);
        expect(seen.body).toMatchObject({ id: owner.tenant.id, name: 'Acme Research', role });
      }
      expectProblem(await request(t.server).get(api('/tenants/current')), 401, 'unauthorized');
    });

    it('lets admins and owners rename the tenant, and refuses members and viewers with 403', async () => {
      const renamed = await patch(admin, '/tenants/current', { name: 'Acme Labs' }).expect(200);
      expect(renamed.body).toMatchObject({ id: owner.tenant.id, name: 'Acme Labs', role: 'admin' });
      expect((await get(viewer, '/tenants/current').expect(200)).body.name).toBe('Acme Labs');

      for (const tokens of [member, viewer]) {
        const res = await patch(tokens, '/tenants/current', { name: 'Hijacked' });
        expectProblem(res, 403, 'insufficient-role');
        expect(res.body.requiredRole).toBe('admin');
      }
      expect((await get(owner, '/tenants/current').expect(200)).body.name).toBe('Acme Labs');

      const back = await patch(owner, '/tenants/current', { name: 'Acme Research' }).expect(200);
      expect(back.body).toMatchObject({ name: 'Acme Research', role: 'owner' });
    });

    it('validates the new name', async () => {
      for (const body of [{ name: '' }, { name: 'x'.repeat(201) }, { name: 42 }]) {
        const res = await patch(owner, '/tenants/current', body);
        expectProblem(res, 400, { type: 'validation-failed', field: 'name' });
      }
      expectProblem(await patch(owner, '/tenants/current', { name: 'Fine', ipAllowlist: [] }), 400, 'validation-failed');
      expect((await get(owner, '/tenants/current').expect(200)).body.name).toBe('Acme Research');
    });

    it('turns automatic analysis of completed meetings off and on (admins), audited, and validates the flag', async () => {
      expect((await patch(admin, '/tenants/current', { autoAnalyseMeetings: false }).expect(200)).body.autoAnalyseMeetings).toBe(false);
      expectProblem(await patch(member, '/tenants/current', { autoAnalyseMeetings: true }), 403, 'insufficient-role');
      for (const value of ['yes', 1, null])
        expectProblem(await patch(owner, '/tenants/current', { autoAnalyseMeetings: value }), 400, { field: 'autoAnalyseMeetings' });
      expect((await get(viewer, '/tenants/current').expect(200)).body.autoAnalyseMeetings).toBe(false);
      const audit = (await get(owner, '/audit-logs?action=tenant.updated').expect(200)).body.items;
      expect(audit[0]).toMatchObject({ metadata: { autoAnalyseMeetings: { from: true, to: false } } });
      expect((await patch(owner, '/tenants/current', { autoAnalyseMeetings: true }).expect(200)).body.autoAnalyseMeetings).toBe(true);
    });
  });

  describe('GET /tenants/current/members', () => {
    it('lists the members with email, name and role, in joining order, to every role', async () => {
      const res = await get(viewer, '/tenants/current/members').expect(200);
      const items = res.body.items as Member[];
      expect(items.slice(0, 4)).toEqual([
        { userId: owner.user.id, email: owner.user.email, name: 'Olivia Owner', role: 'owner', joinedAt: expect.any(String) },
        { userId: admin.user.id, email: admin.user.email, name: admin.user.name, role: 'admin', joinedAt: expect.any(String) },
        { userId: member.user.id, email: member.user.email, name: member.user.name, role: 'member', joinedAt: expect.any(String) },
        { userId: viewer.user.id, email: viewer.user.email, name: viewer.user.name, role: 'viewer', joinedAt: expect.any(String) },
      ]);
      expect(res.body.nextCursor).toBeNull();
    });

    it('pages one member at a time by following nextCursor to the end, without repeats or gaps', async () => {
      await addMember(t, owner, 'viewer');
      const all = (await get(owner, '/tenants/current/members').query({ limit: 100 }).expect(200)).body.items as Member[];
      expect(all.length).toBeGreaterThanOrEqual(5);

      const { pages, items } = await walkMembers(owner, 1);
      expect(pages.every((page) => page.length === 1)).toBe(true);
      expect(items.map((m) => m.userId)).toEqual(all.map((m) => m.userId));
      expect(new Set(items.map((m) => m.userId)).size).toBe(items.length);

      const byTwo = await walkMembers(owner, 2);
      expect(byTwo.items.map((m) => m.userId)).toEqual(all.map((m) => m.userId));
    });

    it('carries on after the member a cursor points at has left', async () => {
      const pager = await addMember(t, owner, 'viewer');
      const next = await addMember(t, owner, 'viewer');
      const all = (await get(owner, '/tenants/current/members').query({ limit: 100 }).expect(200)).body.items as Member[];
      const index = all.findIndex((m) => m.userId === pager.user.id);
      const first = await get(owner, '/tenants/current/members')
        .query({ limit: index + 1 })
        .expect(200);
      expect(first.body.items.at(-1).userId).toBe(pager.user.id);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      await del(pager, `/tenants/current/members/${pager.user.id}`).expect(204);
      const rest = await get(owner, '/tenants/current/members').query({ limit: 100, cursor: first.body.nextCursor }).expect(200);
      expect(rest.body.items.map((m: Member) => m.userId)).toEqual(all.slice(index + 1).map((m) => m.userId));
      expect(rest.body.items[0].userId).toBe(next.user.id);
    });

    it('answers a malformed cursor or limit with a 400 problem', async () => {
      const encode = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');
      const tampered = [
        'not-a-cursor',
        encode({ a: 1 }),
        encode(['2026-01-01T00:00:00.000Z', 'x']),
        // Well-formed cursors whose sort value is not a timestamp: a 400 too, not a 500 or an empty page.
        encode(['garbage', randomUUID()]),
        encode([12, randomUUID()]),
        encode([null, randomUUID()]),
      ];
      for (const cursor of tampered) {
        const res = await get(owner, '/tenants/current/members').query({ cursor });
        expectProblem(res, 400, 'validation-failed');
        expect(res.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      }
      for (const limit of ['0', '101', 'ten']) {
        const res = await get(owner, '/tenants/current/members').query({ limit });
        expectProblem(res, 400, { type: 'validation-failed', field: 'limit' });
      }
    });

    it("never shows another tenant's members", async () => {
      const stranger = await register(t, { tenantName: 'Elsewhere' });
      const res = await get(stranger, '/tenants/current/members').expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ userId: stranger.user.id, role: 'owner' })]);
    });
  });

  describe('PATCH /tenants/current/members/:userId', () => {
    it("lets an admin set member, viewer or admin, and ends that user's sessions in the tenant at once", async () => {
      const target = await addMember(t, owner, 'member');

      const demoted = await patch(admin, `/tenants/current/members/${target.user.id}`, { role: 'viewer' }).expect(200);
      expect(demoted.body).toEqual({
        userId: target.user.id,
        email: target.user.email,
        name: target.user.name,
        role: 'viewer',
        joinedAt: expect.any(String),
      });
      await expectRevoked(target);

      const asViewer = await login(t, target.user.email);
      expect(asViewer.tenant).toEqual({ id: owner.tenant.id, name: 'Acme Research', role: 'viewer' });
      expect((await me(asViewer).expect(200)).body.tenant.role).toBe('viewer');

      // Setting the role a member already has changes nothing, so their session lives on.
      await patch(admin, `/tenants/current/members/${target.user.id}`, { role: 'viewer' }).expect(200);
      await me(asViewer).expect(200);

      const promoted = await patch(admin, `/tenants/current/members/${target.user.id}`, { role: 'admin' }).expect(200);
      expect(promoted.body.role).toBe('admin');
      await expectRevoked(asViewer);
      const asAdmin = await login(t, target.user.email);
      expect(asAdmin.tenant.role).toBe('admin');

      await patch(admin, `/tenants/current/members/${target.user.id}`, { role: 'member' }).expect(200);
      await expectRevoked(asAdmin);
      const listed = (await get(owner, '/tenants/current/members').query({ limit: 100 }).expect(200)).body.items as Member[];
      expect(listed.find((m) => m.userId === target.user.id)?.role).toBe('member');
    });

    it('lets only an owner grant or take away the owner role', async () => {
      const target = await addMember(t, owner, 'member');

      for (const [userId, role] of [
        [target.user.id, 'owner'],
        [owner.user.id, 'admin'],
        [admin.user.id, 'owner'],
        // Even a change to the role the owner already has is not an admin's to make.
        [owner.user.id, 'owner'],
      ]) {
        const res = await patch(admin, `/tenants/current/members/${userId}`, { role });
        expectProblem(res, 403, 'insufficient-role');
        expect(res.body.requiredRole).toBe('owner');
      }
      const members = (await get(owner, '/tenants/current/members').query({ limit: 100 }).expect(200)).body.items as Member[];
      expect(members.filter((m) => m.role === 'owner').map((m) => m.userId)).toEqual([owner.user.id]);
      await me(admin).expect(200);

      const crowned = await patch(owner, `/tenants/current/members/${target.user.id}`, { role: 'owner' }).expect(200);
      expect(crowned.body.role).toBe('owner');
      await expectRevoked(target);
      const asOwner = await login(t, target.user.email);
      expect(asOwner.tenant.role).toBe('owner');

      // An admin cannot remove the new owner either; an owner can demote another owner.
      const removal = await del(admin, `/tenants/current/members/${target.user.id}`);
      expectProblem(removal, 403, 'insufficient-role');
      expect(removal.body.requiredRole).toBe('owner');
      const uncrowned = await patch(owner, `/tenants/current/members/${target.user.id}`, { role: 'member' }).expect(200);
      expect(uncrowned.body.role).toBe('member');
    });

    it('validates the role, the path id, and answers 404 for someone who is not a member', async () => {
      for (const body of [{ role: 'superuser' }, {}, { role: 'member', extra: true }]) {
        expectProblem(await patch(owner, `/tenants/current/members/${member.user.id}`, body), 400, 'validation-failed');
      }
      const badId = await patch(owner, '/tenants/current/members/not-a-uuid', { role: 'viewer' });
      expectProblem(badId, 400, 'validation-failed');
      expect(badId.body.errors).toEqual([{ field: 'userId', message: expect.any(String) }]);

      expectProblem(await patch(owner, `/tenants/current/members/${randomUUID()}`, { role: 'viewer' }), 404, 'not-found');
      // A user of another tenant is as unknown here as one that does not exist.
      const stranger = await register(t, { tenantName: 'Other Co' });
      expectProblem(await patch(owner, `/tenants/current/members/${stranger.user.id}`, { role: 'viewer' }), 404, 'not-found');
      expect((await me(stranger).expect(200)).body.tenant.role).toBe('owner');
      await me(member).expect(200);
    });
  });

  describe('the last owner', () => {
    it('cannot be demoted or removed, but can once another owner exists', async () => {
      const first = await register(t, { tenantName: 'Solo' });
      const selfPath = `/tenants/current/members/${first.user.id}`;
      expectProblem(await patch(first, selfPath, { role: 'admin' }), 409, 'last-owner');
      expectProblem(await del(first, selfPath), 409, 'last-owner');
      expect((await get(first, '/tenants/current').expect(200)).body.role).toBe('owner');

      const second = await addMember(t, first, 'admin');
      await patch(first, `/tenants/current/members/${second.user.id}`, { role: 'owner' }).expect(200);
      // With two owners, the first may step down (which ends their own session in the tenant).
      const steppedDown = await patch(first, selfPath, { role: 'admin' }).expect(200);
      expect(steppedDown.body.role).toBe('admin');
      await expectRevoked(first);

      const secondOwner = await login(t, second.user.email);
      expect(secondOwner.tenant).toMatchObject({ id: first.tenant.id, role: 'owner' });
      expectProblem(await patch(secondOwner, `/tenants/current/members/${second.user.id}`, { role: 'member' }), 409, 'last-owner');
      expectProblem(await del(secondOwner, `/tenants/current/members/${second.user.id}`), 409, 'last-owner');

      // Two owners again: now an owner may leave.
      await patch(secondOwner, selfPath, { role: 'owner' }).expect(200);
      await del(secondOwner, `/tenants/current/members/${second.user.id}`).expect(204);
      await expectRevoked(secondOwner);
      const gone = await request(t.server).post(api('/auth/login')).send({ email: second.user.email, password: STRONG_PASSWORD });
      expectProblem(gone, 403, 'no-membership');

      const firstAgain = await login(t, first.user.email);
      expect(firstAgain.tenant.role).toBe('owner');
      expectProblem(await del(firstAgain, selfPath), 409, 'last-owner');
    });
  });

  describe('DELETE /tenants/current/members/:userId', () => {
    it("lets admins remove members (204), ending the removed user's sessions, and refuses members and viewers", async () => {
      const leaver = await addMember(t, owner, 'member');
      for (const tokens of [member, viewer]) {
        const res = await del(tokens, `/tenants/current/members/${leaver.user.id}`);
        expectProblem(res, 403, 'insufficient-role');
        expect(res.body.requiredRole).toBe('admin');
      }
      await me(leaver).expect(200);

      const res = await del(admin, `/tenants/current/members/${leaver.user.id}`).expect(204);
      expect(res.text).toBe('');
      await expectRevoked(leaver);
      const members = (await get(owner, '/tenants/current/members').query({ limit: 100 }).expect(200)).body.items as Member[];
      expect(members.map((m) => m.userId)).not.toContain(leaver.user.id);
      expectProblem(
        await request(t.server).post(api('/auth/login')).send({ email: leaver.user.email, password: STRONG_PASSWORD }),
        403,
        'no-membership',
      );

      expectProblem(await del(admin, `/tenants/current/members/${leaver.user.id}`), 404, 'not-found');
    });

    it('lets any member, a viewer included, leave by themselves', async () => {
      const leaving = await addMember(t, owner, 'viewer');
      await del(leaving, `/tenants/current/members/${leaving.user.id}`).expect(204);
      await expectRevoked(leaving);
      const members = (await get(owner, '/tenants/current/members').query({ limit: 100 }).expect(200)).body.items as Member[];
      expect(members.map((m) => m.userId)).not.toContain(leaving.user.id);
    });

    it('answers 404 for a non-member and 400 for an id that is not a uuid', async () => {
      expectProblem(await del(admin, `/tenants/current/members/${randomUUID()}`), 404, 'not-found');
      const badId = await del(admin, '/tenants/current/members/12345');
      expectProblem(badId, 400, 'validation-failed');
      expect(badId.body.errors).toEqual([{ field: 'userId', message: expect.any(String) }]);
    });
  });

  describe('POST /tenants/current/invitations', () => {
    it('returns a single-use token that joins the tenant with the invited role', async () => {
      const email = uniqueEmail('Invitee');
      const before = Date.now();
      const created = await invite(admin, { email, role: 'viewer' }).expect(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: email.toLowerCase(),
        role: 'viewer',
        token: expect.any(String),
        expiresAt: expect.any(String),
      });
      const expiresIn = Date.parse(created.body.expiresAt) - before;
      expect(expiresIn).toBeGreaterThan(7 * 86_400_000 - 60_000);
      expect(expiresIn).toBeLessThanOrEqual(7 * 86_400_000 + 60_000);

      const joined = await register(t, { email: email.toLowerCase(), name: 'Ivy Invitee', invitationToken: created.body.token });
      expect(joined.tenant).toEqual({ id: owner.tenant.id, name: 'Acme Research', role: 'viewer' });
      const profile = await me(joined).expect(200);
      expect(profile.body.tenant).toEqual({ id: owner.tenant.id, name: 'Acme Research', role: 'viewer' });
      // Joining by invitation creates no tenant of one's own.
      expect(profile.body.tenants).toEqual([{ id: owner.tenant.id, name: 'Acme Research', role: 'viewer' }]);
      const members = (await get(owner, '/tenants/current/members').query({ limit: 100 }).expect(200)).body.items as Member[];
      expect(members).toContainEqual(
        expect.objectContaining({ userId: joined.user.id, email: email.toLowerCase(), name: 'Ivy Invitee', role: 'viewer' }),
      );

      const reused = await request(t.server)
        .post(api('/auth/register'))
        .send({ email: uniqueEmail('reuse'), password: STRONG_PASSWORD, name: 'Reuse', invitationToken: created.body.token });
      expectProblem(reused, 422, 'invalid-invitation');
      expect(reused.body.errors).toEqual([{ field: 'invitationToken', message: expect.any(String) }]);
    });

    it('answers 409 for someone who is already a member, whatever the case of the address', async () => {
      for (const email of [member.user.email, member.user.email.toUpperCase()]) {
        expectProblem(await invite(admin, { email, role: 'member' }), 409, 'already-member');
      }
    });

    it('refuses an invitation used with a different email (422) and keeps it usable by the invitee', async () => {
      const email = uniqueEmail('right');
      const created = await invite(owner, { email, role: 'member' }).expect(201);
      const wrongEmail = uniqueEmail('wrong');
      const wrong = await request(t.server)
        .post(api('/auth/register'))
        .send({ email: wrongEmail, password: STRONG_PASSWORD, name: 'Wrong', invitationToken: created.body.token });
      expectProblem(wrong, 422, 'invalid-invitation');
      expect(wrong.body.errors).toEqual([{ field: 'invitationToken', message: expect.any(String) }]);
      // The failed registration left nothing behind: no account for the wrong address.
      expectProblem(
        await request(t.server).post(api('/auth/login')).send({ email: wrongEmail, password: STRONG_PASSWORD }),
        401,
        'invalid-credentials',
      );

      const joined = await register(t, { email, invitationToken: created.body.token });
      expect(joined.tenant).toMatchObject({ id: owner.tenant.id, role: 'member' });
    });

    it('does not invite owners, invalid addresses, or on behalf of members and viewers', async () => {
      const invalid: [object, string][] = [
        [{ email: uniqueEmail(), role: 'owner' }, 'role'],
        [{ email: uniqueEmail(), role: 'boss' }, 'role'],
        [{ email: uniqueEmail() }, 'role'],
        [{ email: 'not-an-email', role: 'member' }, 'email'],
      ];
      for (const [body, field] of invalid) {
        const res = await invite(owner, body);
        expectProblem(res, 400, 'validation-failed');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
      for (const tokens of [member, viewer]) {
        const res = await invite(tokens, { email: uniqueEmail(), role: 'viewer' });
        expectProblem(res, 403, 'insufficient-role');
        expect(res.body.requiredRole).toBe('admin');
      }
      const unknown = await request(t.server)
        .post(api('/auth/register'))
        .send({ email: uniqueEmail(), password: STRONG_PASSWORD, name: 'Nobody', invitationToken: 'no-such-token' });
      expectProblem(unknown, 422, 'invalid-invitation');
    });
  });
});
