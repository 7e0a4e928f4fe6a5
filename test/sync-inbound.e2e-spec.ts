import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { withClient } from './support/postgres';
import { expectProblem } from './support/problem';
import { freePort, spawnApp, waitForStatus } from './support/processes';
import { createTestDatabase } from './support/test-database';
import { startTestApp, type TestApp } from './support/test-app';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const SECRET = secret();
const OLD_SECRET = secret();
const DAY = 86_400_000;
/** One start for every meeting sent, so the same content sent again is the same to the millisecond. */
const START = Date.now() + DAY;

interface Delivery {
  id?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** The raw body (a string, sent as is); an object is serialised. */
  body: string | object;
  /** Secrets to sign with, each giving one `v1,` entry; the source's by default. */
  secrets?: string[];
  headers?: Record<string, string>;
}

/** A Standard Webhooks signature made with the `standardwebhooks` package, as a sender would. */
const sign = (key: string, id: string, timestamp: number, body: string) => new Webhook(key).sign(id, new Date(timestamp * 1000), body);

describe('data sync: inbound webhooks', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let other: TokenResponse;
  let sourceId: string;
  /** Every body the API answered in this file, to grep for the secret. */
  const bodies: string[] = [];
  const record = <R extends { text?: string; body?: unknown }>(res: R): R => {
    bodies.push(res.text ?? JSON.stringify(res.body));
    return res;
  };

  const deliver = async (source: string, d: Delivery) => {
    const id = d.id ?? `msg_${randomUUID()}`;
    const timestamp = d.timestamp ?? Math.floor(Date.now() / 1000);
    const body = typeof d.body === 'string' ? d.body : JSON.stringify(d.body);
    const signature = (d.secrets ?? [SECRET]).map((key) => sign(key, id, timestamp, body)).join(' ');
    return record(
      await request(t.server)
        .post(`/api/v1/sync/inbound/${source}`)
        .set({
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
          ...d.headers,
        })
        .send(body),
    );
  };
  const meeting = (externalId: string, extra: Record<string, unknown> = {}) => ({
    type: 'meeting.upserted',
    data: {
      externalId,
      title: `Inbound ${externalId}`,
      scheduledStartAt: new Date(START).toISOString(),
      scheduledEndAt: new Date(START + 30 * 60_000).toISOString(),
      participants: [{ name: 'Grace Hopper', email: 'Grace@Example.com' }],
      ...extra,
    },
  });
  const segments = (meetingExternalId: string, list: Record<string, unknown>[]) => ({
    type: 'transcript.segments',
    data: { meetingExternalId, segments: list },
  });
  const db = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    withClient(t.database.url, async (client) => (await client.query<T>(sql, params)).rows);
  const meetingOf = async (externalId: string) => {
    const rows = await db<{ local_id: string | null }>(
      `SELECT local_id FROM sync_records WHERE source_id = $1 AND stream = 'meetings' AND external_id = $2`,
      [sourceId, externalId],
    );
    const localId = rows.at(0)?.local_id;
    if (!localId) return undefined;
    const [m] = await db<{
      id: string;
      tenant_id: string;
      title: string;
      status: string;
      participants: unknown;
      description: string | null;
    }>(`SELECT id, tenant_id, title, status, participants, description FROM meetings WHERE id = $1`, [localId]);
    return m;
  };
  const runs = () =>
    db<{ id: string; status: string; trigger: string }>(`SELECT id, status, trigger FROM sync_runs WHERE source_id = $1`, [sourceId]);
  const createSource = async (body: Record<string, unknown>) =>
    record(await request(t.server).post('/api/v1/sync/sources').set(bearer(owner)).send(body));

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    owner = await register(t, { name: 'Olive Owner' });
    other = await register(t, { name: 'Oscar Other' });
  });
  afterAll(() => t.close());

  it('validates a webhook source: a whsec_ secret of at least 24 bytes, no settings', async () => {
    expectProblem(await createSource({ name: 'x', kind: 'webhook', settings: {} }), 400, {
      type: 'validation-failed',
      field: 'credentials.secret',
    });
    for (const bad of ['abc', 'whsec_', `whsec_${randomBytes(16).toString('base64')}`, `whsec_${randomBytes(32).toString('hex')}!`])
      expectProblem(await createSource({ name: 'x', kind: 'webhook', settings: {}, credentials: { secret: bad } }), 400, {
        type: 'validation-failed',
        field: 'credentials.secret',
      });
    expectProblem(
      await createSource({ name: 'x', kind: 'webhook', settings: { url: 'https://x' }, credentials: { secret: SECRET } }),
      400,
      {
        type: 'validation-failed',
        field: 'settings.url',
      },
    );
    const created = await createSource({ name: 'Recorder', kind: 'webhook', settings: {}, credentials: { secret: SECRET } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'webhook', hasCredentials: true, streams: [{ name: 'meetings', direction: 'pull' }] });
    sourceId = created.body.id;
    expect((await request(t.server).post(`/api/v1/sync/sources/${sourceId}/check`).set(bearer(owner))).body).toEqual({ ok: true });
    const [stored] = await db<{ credentials: string }>('SELECT credentials FROM sync_sources WHERE id = $1', [sourceId]);
    expect(stored.credentials).not.toContain(SECRET.slice(6));
  });

  it('a signed meeting.upserted creates the meeting in the source’s tenant, and records a run', async () => {
    const res = await deliver(sourceId, { body: meeting('rec-1', { description: 'Weekly' }) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, runId: expect.any(String) });
    const m = await meetingOf('rec-1');
    expect(m).toMatchObject({
      tenant_id: owner.tenant.id,
      title: 'Inbound rec-1',
      status: 'scheduled',
      description: 'Weekly',
      participants: [{ name: 'Grace Hopper', email: 'grace@example.com' }],
    });
    const run = await request(t.server).get(`/api/v1/sync/runs/${res.body.runId}`).set(bearer(owner));
    expect(run.body).toMatchObject({
      trigger: 'webhook',
      status: 'succeeded',
      sourceId,
      streams: { meetings: { read: 1, created: 1, status: 'succeeded' } },
    });
    // Another tenant sees neither the run nor the meeting.
    expectProblem(await request(t.server).get(`/api/v1/sync/runs/${res.body.runId}`).set(bearer(other)), 404, 'not-found');
    expectProblem(await request(t.server).get(`/api/v1/meetings/${m!.id}`).set(bearer(other)), 404, 'not-found');
  });

  it('the same external id updates that meeting; the same content again changes nothing; cancelled cancels it', async () => {
    const before = await meetingOf('rec-1');
    const updated = await deliver(sourceId, { body: meeting('rec-1', { title: 'Renamed', description: null }) });
    expect(updated.status).toBe(200);
    const after = await meetingOf('rec-1');
    expect(after).toMatchObject({ id: before!.id, title: 'Renamed', description: null });
    const again = await deliver(sourceId, { body: meeting('rec-1', { title: 'Renamed', description: null }) });
    const run = await request(t.server).get(`/api/v1/sync/runs/${again.body.runId}`).set(bearer(owner));
    expect(run.body.streams.meetings).toMatchObject({ read: 1, created: 0, updated: 0, unchanged: 1 });
    await deliver(sourceId, { body: meeting('rec-1', { title: 'Renamed', status: 'cancelled' }) });
    expect((await meetingOf('rec-1'))?.status).toBe('cancelled');
    await deliver(sourceId, { body: meeting('rec-1', { title: 'Renamed', status: 'scheduled' }) });
    expect((await meetingOf('rec-1'))?.status).toBe('scheduled');
    expect(await db(`SELECT 1 FROM sync_records WHERE source_id = $1`, [sourceId])).toHaveLength(1);
  });

  it('transcript.segments appends to that meeting’s transcript; segments sent again replace themselves', async () => {
    const m = await meetingOf('rec-1');
    const batch = [
      { id: 'seg-1', speaker: 'Grace', text: 'Hello there', startMs: 0, endMs: 1000 },
      { speaker: 'Alan', text: 'Hi Grace', startMs: 1000, endMs: 2000 },
    ];
    const res = await deliver(sourceId, { body: segments('rec-1', batch) });
    expect(res.status).toBe(200);
    const transcript = () =>
      db<{ segment_id: string; speaker: string; text: string }>(
        `SELECT segment_id, speaker, text FROM transcript_segments WHERE meeting_id = $1 ORDER BY start_ms`,
        [m!.id],
      );
    expect((await transcript()).map((s) => [s.speaker, s.text])).toEqual([
      ['Grace', 'Hello there'],
      ['Alan', 'Hi Grace'],
    ]);
    expect((await transcript())[0].segment_id).toBe('seg-1');
    const run = await request(t.server).get(`/api/v1/sync/runs/${res.body.runId}`).set(bearer(owner));
    expect(run.body.streams.segments).toMatchObject({ read: 2, created: 2, updated: 0 });
    // A retry under a new message id (and one more segment): nothing doubles.
    const retry = await deliver(sourceId, {
      body: segments('rec-1', [...batch, { id: 'seg-3', speaker: 'Grace', text: 'Agenda', startMs: 2000, endMs: 3000 }]),
    });
    expect(retry.status).toBe(200);
    expect((await transcript()).map((s) => s.text)).toEqual(['Hello there', 'Hi Grace', 'Agenda']);
    const retried = await request(t.server).get(`/api/v1/sync/runs/${retry.body.runId}`).set(bearer(owner));
    expect(retried.body.streams.segments).toMatchObject({ read: 3, created: 1, updated: 2 });
  });

  it('segments for a meeting the source never sent: 422, a failed run, and nothing kept, so the retry applies', async () => {
    const id = `msg_${randomUUID()}`;
    const body = segments('rec-later', [{ id: 's1', speaker: 'A', text: 'early', startMs: 0, endMs: 10 }]);
    const early = await deliver(sourceId, { id, body });
    expectProblem(early, 422, { type: 'webhook-meeting-unknown', field: 'data.meetingExternalId', runId: expect.any(String) });
    expect((await runs()).find((r) => r.id === early.body.runId)).toMatchObject({ status: 'failed', trigger: 'webhook' });
    expect(await db(`SELECT 1 FROM sync_inbound_messages WHERE message_id = $1`, [id])).toHaveLength(0);
    expect((await deliver(sourceId, { body: meeting('rec-later') })).status).toBe(200);
    const retry = await deliver(sourceId, { id, body });
    expect(retry.status).toBe(200);
    expect(retry.body.duplicate).toBeUndefined();
  });

  it('a repeated message id answers 200 duplicate and writes nothing', async () => {
    const id = `msg_${randomUUID()}`;
    expect((await deliver(sourceId, { id, body: meeting('rec-dup') })).body.runId).toEqual(expect.any(String));
    const runsBefore = (await runs()).length;
    // The retry is signed again at its own time, with other content even: the id decides.
    const retry = await deliver(sourceId, {
      id,
      timestamp: Math.floor(Date.now() / 1000) + 5,
      body: meeting('rec-dup', { title: 'Changed' }),
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ received: true, duplicate: true });
    expect((await runs()).length).toBe(runsBefore);
    expect((await meetingOf('rec-dup'))?.title).toBe('Inbound rec-dup');
  });

  it('concurrent copies of one message: exactly one applies', async () => {
    const id = `msg_${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => deliver(sourceId, { id, body: meeting('rec-concurrent') })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(answers.filter((a) => a.body.runId)).toHaveLength(1);
    expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(5);
    const made = await db(`SELECT 1 FROM meetings WHERE tenant_id = $1 AND title = 'Inbound rec-concurrent'`, [owner.tenant.id]);
    expect(made).toHaveLength(1);
  });

  it('concurrent different messages for one new external id make one meeting', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(sourceId, { body: meeting('rec-race') })));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    expect(answers.filter((a) => a.body.runId)).toHaveLength(5);
    const made = await db(`SELECT 1 FROM meetings WHERE tenant_id = $1 AND title = 'Inbound rec-race'`, [owner.tenant.id]);
    expect(made).toHaveLength(1);
  });

  it('refuses a bad signature, missing headers and a signature under another secret: 401 webhook-signature-invalid', async () => {
    const count = (await runs()).length;
    expectProblem(
      await deliver(sourceId, { body: meeting('rec-bad'), headers: { 'webhook-signature': 'v1,AAAA' } }),
      401,
      'webhook-signature-invalid',
    );
    expectProblem(await deliver(sourceId, { body: meeting('rec-bad'), secrets: [secret()] }), 401, 'webhook-signature-invalid');
    expectProblem(
      await deliver(sourceId, { body: meeting('rec-bad'), headers: { 'webhook-signature': '' } }),
      401,
      'webhook-signature-invalid',
    );
    // Signed, then altered by one byte.
    const id = 'msg_tampered';
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify(meeting('rec-bad'));
    const tampered = await request(t.server)
      .post(`/api/v1/sync/inbound/${sourceId}`)
      .set({
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(SECRET, id, timestamp, body),
      })
      .send(body.replace('rec-bad', 'rec-bax'));
    expectProblem(tampered, 401, 'webhook-signature-invalid');
    const unsigned = await request(t.server).post(`/api/v1/sync/inbound/${sourceId}`).send(meeting('rec-bad'));
    expectProblem(unsigned, 401, { type: 'webhook-signature-invalid', detail: expect.stringContaining('webhook-id') });
    // A token is no substitute for the signature.
    expectProblem(
      await request(t.server).post(`/api/v1/sync/inbound/${sourceId}`).set(bearer(owner)).send(meeting('rec-bad')),
      401,
      'webhook-signature-invalid',
    );
    expect(await meetingOf('rec-bad')).toBeUndefined();
    expect((await runs()).length).toBe(count);
  });

  it('refuses a timestamp more than 5 minutes away: 401 webhook-timestamp-out-of-tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectProblem(await deliver(sourceId, { body: meeting('rec-old'), timestamp: now - 6 * 60 }), 401, {
      type: 'webhook-timestamp-out-of-tolerance',
      detail: expect.stringContaining('in the past'),
    });
    expectProblem(
      await deliver(sourceId, { body: meeting('rec-old'), timestamp: now + 6 * 60 }),
      401,
      'webhook-timestamp-out-of-tolerance',
    );
    expectProblem(
      await deliver(sourceId, { body: meeting('rec-old'), headers: { 'webhook-timestamp': '12abc' } }),
      401,
      'webhook-signature-invalid',
    );
    expect((await deliver(sourceId, { body: meeting('rec-old'), timestamp: now - 4 * 60 })).status).toBe(200);
  });

  it('accepts any of several signatures (a sender rotating its secret signs with both)', async () => {
    const rotated = await createSource({ name: 'Rotated', kind: 'webhook', settings: {}, credentials: { secret: OLD_SECRET } });
    const id = rotated.body.id as string;
    expect((await deliver(id, { body: meeting('rot-1'), secrets: [OLD_SECRET] })).status).toBe(200);
    // The admin saves the new secret; the sender signs with old and new meanwhile.
    expect(
      (
        await request(t.server)
          .patch(`/api/v1/sync/sources/${id}`)
          .set(bearer(owner))
          .send({ credentials: { secret: SECRET } })
      ).status,
    ).toBe(200);
    expect((await deliver(id, { body: meeting('rot-2'), secrets: [OLD_SECRET, SECRET] })).status).toBe(200);
    expect((await deliver(id, { body: meeting('rot-3'), secrets: [SECRET, OLD_SECRET] })).status).toBe(200);
    expectProblem(await deliver(id, { body: meeting('rot-4'), secrets: [OLD_SECRET] }), 401, 'webhook-signature-invalid');
  });

  it('answers 404 for an unknown source, a disabled one and one of another kind; 400 for an id that is not a UUID', async () => {
    expectProblem(await deliver(randomUUID(), { body: meeting('x') }), 404, 'not-found');
    const ical = await createSource({ name: 'Feed', kind: 'ical', settings: { url: 'https://1.1.1.1/x.ics' } });
    expect(ical.status).toBe(201);
    const unknown = await deliver(randomUUID(), { body: meeting('x') });
    const wrongKind = await deliver(ical.body.id, { body: meeting('x') });
    expectProblem(wrongKind, 404, 'not-found');
    // Nothing tells a source of another kind from no source at all.
    expect(wrongKind.body.detail.replace(ical.body.id, '<id>')).toBe(unknown.body.detail.replace(/[0-9a-f-]{36}/, '<id>'));
    const off = await createSource({ name: 'Off', kind: 'webhook', settings: {}, credentials: { secret: SECRET }, enabled: false });
    expectProblem(await deliver(off.body.id, { body: meeting('x') }), 404, 'not-found');
    expectProblem(await deliver('not-a-uuid', { body: meeting('x') }), 400, { type: 'validation-failed', field: 'sourceId' });
  });

  it('validates the verified body: malformed JSON, unknown types and fields, NUL bytes, huge strings, oversize bodies', async () => {
    expectProblem(await deliver(sourceId, { body: '{"type": "meeting.upserted", "data": ' }), 400, 'malformed-json');
    expectProblem(await deliver(sourceId, { body: '[]' }), 400, 'validation-failed');
    expectProblem(await deliver(sourceId, { body: { type: 'meeting.deleted', data: {} } }), 400, {
      type: 'validation-failed',
      field: 'type',
    });
    expectProblem(await deliver(sourceId, { body: meeting('v', { scheduledStartAt: 'tomorrow' }) }), 400, {
      type: 'validation-failed',
      field: 'data.scheduledStartAt',
    });
    expectProblem(await deliver(sourceId, { body: meeting('v', { admin: true }) }), 400, {
      type: 'validation-failed',
      field: 'data.admin',
    });
    expectProblem(await deliver(sourceId, { body: meeting('v', { title: 'a\u0000b' }) }), 400, {
      type: 'validation-failed',
      field: 'data.title',
    });
    expectProblem(await deliver(sourceId, { body: meeting('v', { title: 'x'.repeat(200_000) }) }), 400, {
      type: 'validation-failed',
      field: 'data.title',
    });
    expectProblem(await deliver(sourceId, { body: meeting('v', { description: 'x'.repeat(2_000_000) }) }), 413, 'payload-too-large');
    expectProblem(await deliver(sourceId, { body: segments('rec-1', []) }), 400, { type: 'validation-failed', field: 'data.segments' });
    expectProblem(await deliver(sourceId, { body: segments('rec-1', [{ speaker: 'A', text: 'x', startMs: -1, endMs: 1 }]) }), 400, {
      type: 'validation-failed',
      field: 'data.segments.0.startMs',
    });
    expectProblem(await deliver(sourceId, { body: '{"__proto__": {"admin": true}, "type": "meeting.upserted", "data": {}}' }), 400);
    // Signature first: an unsigned broken body learns nothing about its shape.
    const unsigned = await request(t.server)
      .post(`/api/v1/sync/inbound/${sourceId}`)
      .set('content-type', 'application/json')
      .send('{"broken":');
    expectProblem(unsigned, 401, 'webhook-signature-invalid');
    expectProblem(
      await request(t.server).post(`/api/v1/sync/inbound/${sourceId}`).set('content-type', 'text/plain').send('hello'),
      415,
      'unsupported-media-type',
    );
    expect(await meetingOf('v')).toBeUndefined();
  });

  it('prunes message ids older than the retention as new ones arrive', async () => {
    await db(
      `INSERT INTO sync_inbound_messages (tenant_id, source_id, message_id, received_at) VALUES ($1, $2, 'msg_ancient', now() - interval '10 days')`,
      [owner.tenant.id, sourceId],
    );
    await deliver(sourceId, { body: meeting('rec-prune') });
    expect(await db(`SELECT 1 FROM sync_inbound_messages WHERE message_id = 'msg_ancient'`)).toHaveLength(0);
    expect((await db(`SELECT 1 FROM sync_inbound_messages WHERE source_id = $1`, [sourceId])).length).toBeGreaterThan(5);
  });

  it('leaves other routes’ JSON parsing alone', async () => {
    const res = await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title: 'Plain JSON route' });
    expect(res.status).toBe(201);
    const member = await addMember(t, owner, 'member', 'mia');
    expectProblem(await request(t.server).get('/api/v1/sync/runs').set(bearer(member)), 403, 'insufficient-role');
  });

  it('never answers the secret, nor stores it in runs', async () => {
    expect(bodies.length).toBeGreaterThan(30);
    const key = SECRET.slice('whsec_'.length);
    for (const body of bodies) {
      expect(body).not.toContain(key);
      expect(body).not.toContain(OLD_SECRET.slice(6));
    }
    const stored = JSON.stringify(await db(`SELECT * FROM sync_runs`)) + JSON.stringify(await db(`SELECT * FROM audit_logs`));
    expect(stored).not.toContain(key);
  });

  it('counts deliveries in /metrics', async () => {
    const text = (await request(t.server).get('/metrics').expect(200)).text;
    expect(text).toMatch(/^quorum_sync_runs_total\{connector="webhook",outcome="succeeded"\} [1-9]/m);
    expect(text).toMatch(/^quorum_sync_runs_total\{connector="webhook",outcome="failed"\} 1$/m);
    expect(text).toMatch(/^quorum_sync_records_total\{connector="webhook",stream="meetings",result="created"\} [1-9]/m);
  });
});

describe('data sync: inbound webhook secrets in the log', () => {
  it('never logs the secret or a signature, at debug level, in a real api process', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const app = spawnApp('api', { DATABASE_URL: database.url, DB_MIGRATIONS_RUN: 'false', PORT: String(port), LOG_LEVEL: 'debug' });
    try {
      await waitForStatus(app, `http://127.0.0.1:${port}/health/ready`, 200);
      const api = `http://127.0.0.1:${port}/api/v1`;
      const registered = (await (
        await fetch(`${api}/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `inbound-${Date.now()}@example.com`, password: 'Correct-Horse7-Battery', name: 'Logan' }),
        })
      ).json()) as { access_token: string };
      const source = (await (
        await fetch(`${api}/sync/sources`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${registered.access_token}` },
          body: JSON.stringify({ name: 'Logged', kind: 'webhook', settings: {}, credentials: { secret: SECRET } }),
        })
      ).json()) as { id: string };
      const post = async (id: string, key: string, body: string) => {
        const timestamp = Math.floor(Date.now() / 1000);
        const signature = sign(key, id, timestamp, body);
        const res = await fetch(`${api}/sync/inbound/${source.id}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signature,
          },
          body,
        });
        return { status: res.status, signature };
      };
      const ok = await post('msg_logged_1', SECRET, JSON.stringify(meetingBody('logged')));
      expect(ok.status).toBe(200);
      const bad = await post('msg_logged_2', OLD_SECRET, JSON.stringify(meetingBody('logged')));
      expect(bad.status).toBe(401);
      // Stopped first, so every line it logged has reached the pipe (pino writes asynchronously).
      await app.stop();
      const output = app.output();
      expect(output).toContain(`/api/v1/sync/inbound/${source.id}`);
      for (const text of [SECRET.slice(6), OLD_SECRET.slice(6), ok.signature.slice(3), bad.signature.slice(3)])
        expect(output).not.toContain(text);
    } finally {
      await app.stop();
      await database.drop();
    }
  }, 90_000);
});

function meetingBody(externalId: string) {
  return { type: 'meeting.upserted', data: { externalId, title: externalId, scheduledStartAt: new Date(Date.now() + DAY).toISOString() } };
}
