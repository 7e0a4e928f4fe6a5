import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

describe('Idempotency-Key on creating routes', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let member: TokenResponse;
  let stranger: TokenResponse;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    owner = await register(t, { tenantName: 'Retries' });
    member = await addMember(t, owner, 'member');
    stranger = await register(t, { tenantName: 'Elsewhere' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const createMeeting = (tokens: TokenResponse, key: string | undefined, body: object) => {
    const req = request(t.server).post('/api/v1/meetings').set(bearer(tokens));
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const meetingsTitled = async (tokens: TokenResponse, title: string): Promise<string[]> => {
    const page = await request(t.server).get('/api/v1/meetings').set(bearer(tokens)).query({ q: title, limit: 100 }).expect(200);
    return (page.body.items as { id: string; title: string }[]).filter((m) => m.title === title).map((m) => m.id);
  };
  const slot = { scheduledStartAt: '2026-12-10T10:00:00.000Z', scheduledEndAt: '2026-12-10T11:00:00.000Z' };

  it('runs a request once per key and answers a retry with the first answer, marked as replayed', async () => {
    const key = randomUUID();
    const body = { title: 'Quarterly planning retry', ...slot };
    const first = await createMeeting(owner, key, body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const again = await createMeeting(owner, key, body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    // The draft's structured-field form of the same key is the same key.
    const quoted = await createMeeting(owner, `"${key}"`, body).expect(201);
    expect(quoted.body.id).toBe(first.body.id);

    expect(await meetingsTitled(owner, body.title)).toEqual([first.body.id]);
    // Without a key, the route creates as before.
    await createMeeting(owner, undefined, body).expect(201);
    expect(await meetingsTitled(owner, body.title)).toHaveLength(2);
  });

  it('refuses the same key on a different request, and keeps keys apart per user and tenant', async () => {
    const key = randomUUID();
    const first = await createMeeting(owner, key, { title: 'Budget review', ...slot }).expect(201);

    const changed = await createMeeting(owner, key, { title: 'Budget review, take two', ...slot });
    expectProblem(changed, 422, 'idempotency-key-reused');
    expect(await meetingsTitled(owner, 'Budget review, take two')).toEqual([]);
    // Another route with the key is another request, too.
    const elsewhere = await request(t.server)
      .post('/api/v1/action-items')
      .set(bearer(owner))
      .set('Idempotency-Key', key)
      .send({ title: 'x' });
    expectProblem(elsewhere, 422, 'idempotency-key-reused');

    const colleague = await createMeeting(member, key, { title: 'Budget review', ...slot }).expect(201);
    expect(colleague.body.id).not.toBe(first.body.id);
    expect(colleague.headers['idempotent-replayed']).toBeUndefined();
    const outsider = await createMeeting(stranger, key, { title: 'Budget review', ...slot }).expect(201);
    expect(outsider.body.id).not.toBe(first.body.id);
  });

  it('keeps nothing for a request that failed, so the corrected retry runs', async () => {
    const key = randomUUID();
    expectProblem(await createMeeting(owner, key, { title: '' }), 400, 'validation-failed');
    const fixed = await createMeeting(owner, key, { title: 'Fixed on retry', ...slot }).expect(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    const stored = await db.query(`SELECT claim, response_status FROM idempotency_keys WHERE key = $1`, [key]);
    expect(stored).toEqual([{ claim: null, response_status: 201 }]);
  });

  it('creates once under concurrent retries: the others get the answer or a 409 to retry', async () => {
    const key = randomUUID();
    const body = { title: 'Concurrent retries', ...slot };
    const answers = await Promise.all(Array.from({ length: 12 }, () => createMeeting(owner, key, body)));
    const created = answers.filter((res) => res.status === 201);
    const busy = answers.filter((res) => res.status === 409);
    expect(created.length + busy.length).toBe(12);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((res) => res.body.id)).size).toBe(1);
    for (const res of busy) {
      expectProblem(res, 409, 'idempotency-key-in-use');
      expect(res.headers['retry-after']).toBe('1');
    }
    expect(await meetingsTitled(owner, body.title)).toEqual([created[0].body.id]);
    // Once it has answered, every retry gets that answer.
    expect((await createMeeting(owner, key, body).expect(201)).body.id).toBe(created[0].body.id);
  });

  it('answers an upload retried with the same key with the same document', async () => {
    const key = randomUUID();
    const upload = () =>
      request(t.server)
        .post('/api/v1/rag/documents')
        .set(bearer(owner))
        .set('Idempotency-Key', key)
        .field('tags', 'retry')
        .attach('file', Buffer.from('# Travel policy\n\nTrains under four hours, planes beyond.\n'), 'travel.md')
        .expect(202);
    const first = await upload();
    const again = await upload();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.body).toEqual(first.body);
    const list = await request(t.server).get('/api/v1/rag/documents?tag=retry').set(bearer(owner)).expect(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([first.body.document.id]);
  });

  it('asks a chat question once: a retry gets the stored answer, a streamed ask refuses the key', async () => {
    const session = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({ title: 'Retries' }).expect(201)).body;
    const key = randomUUID();
    const ask = (message: string, accept = 'application/json') =>
      request(t.server)
        .post(`/api/v1/chat/sessions/${session.id}/messages`)
        .set(bearer(owner))
        .set('Accept', accept)
        .set('Idempotency-Key', key)
        .send({ message });
    const first = await ask('What did we decide about the launch?').expect(200);
    const again = await ask('What did we decide about the launch?').expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const stored = (await request(t.server).get(`/api/v1/chat/sessions/${session.id}`).set(bearer(owner)).expect(200)).body;
    expect(stored.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);

    expectProblem(await ask('Something else entirely?'), 422, 'idempotency-key-reused');
    const streamed = await ask('What did we decide about the launch?', 'text/event-stream');
    expectProblem(streamed, 400, { type: 'idempotency-key-not-supported', field: 'Idempotency-Key' });
    expect((await request(t.server).get(`/api/v1/chat/sessions/${session.id}`).set(bearer(owner)).expect(200)).body.messages).toHaveLength(
      2,
    );
  });

  it('refuses a malformed key with a 400 and runs nothing', async () => {
    for (const key of ['', ' ', 'a'.repeat(256), 'two words', '"unterminated', '"a"b', '"bad \\escape"', 'clé']) {
      const res = await request(t.server)
        .post('/api/v1/meetings')
        .set(bearer(owner))
        .set('Idempotency-Key', key)
        .send({ title: 'Never made', ...slot });
      expectProblem(res, 400, { type: 'invalid-idempotency-key', field: 'Idempotency-Key' });
    }
    expect(await meetingsTitled(owner, 'Never made')).toEqual([]);
    // The longest key allowed is a key.
    await createMeeting(owner, 'k'.repeat(255), { title: 'Longest key', ...slot }).expect(201);
  });

  it('lets a retry take over the claim of a request whose process died, once its lease has lapsed', async () => {
    const body = { title: 'Claimed by a dead process', ...slot };
    const running = randomUUID();
    const [{ fingerprint }] = await claimAs(owner, running, body, '1 minute');
    // A claim still within its lease: the first request may yet answer.
    expectProblem(await createMeeting(owner, running, body), 409, 'idempotency-key-in-use');
    await db.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = $1`, [running]);
    const taken = await createMeeting(owner, running, body).expect(201);
    expect(taken.headers['idempotent-replayed']).toBeUndefined();
    const [row] = await db.query(`SELECT fingerprint, claim FROM idempotency_keys WHERE key = $1`, [running]);
    expect(row).toEqual({ fingerprint, claim: null });
  });

  it('forgets answers after 24 hours and prunes expired keys as new ones come', async () => {
    const key = randomUUID();
    const body = { title: 'Kept for a day', ...slot };
    const first = await createMeeting(owner, key, body).expect(201);
    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    const later = await createMeeting(owner, key, body).expect(201);
    expect(later.body.id).not.toBe(first.body.id);

    await db.query(
      `INSERT INTO idempotency_keys (tenant_id, user_id, key, fingerprint, response_status, response_body, expires_at)
       SELECT $1, $2, 'stale-' || n, repeat('0', 64), 201, '{}', now() - interval '1 day' FROM generate_series(1, 30) AS n`,
      [owner.tenant.id, owner.user.id],
    );
    const stale = async () => Number((await db.query(`SELECT count(*) FROM idempotency_keys WHERE key LIKE 'stale-%'`))[0].count);
    await createMeeting(owner, randomUUID(), { title: 'Another day', ...slot }).expect(201);
    for (let waited = 0; (await stale()) === 30 && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(await stale()).toBe(10);
  });

  async function claimAs(tokens: TokenResponse, key: string, body: object, lease: string): Promise<{ fingerprint: string }[]> {
    // The fingerprint a real request would have: taken from a completed request with the same path and body, then
    // turned back into a running claim.
    await createMeeting(tokens, key, body).expect(201);
    await db.query(
      `UPDATE idempotency_keys SET claim = gen_random_uuid(), locked_until = now() + $2::interval,
              response_status = NULL, response_location = NULL, response_body = NULL
       WHERE key = $1`,
      [key, lease],
    );
    return db.query(`SELECT fingerprint FROM idempotency_keys WHERE key = $1`, [key]);
  }
});
