import { createServer } from 'node:net';
import { join } from 'node:path';
import { SentryEnvelopeServer } from '../libs/platform/src/observability/sentry-envelope-server.testing';
import { STRONG_PASSWORD, type TokenResponse, uniqueEmail } from './support/auth-helpers';
import { withClient } from './support/postgres';
import { freePort, spawnApp, type SpawnedProcess, waitForStatus } from './support/processes';
import { createTestDatabase, type TestDatabase } from './support/test-database';

jest.setTimeout(120_000);

/** What someone said in a meeting: it must never leave the process. */
const SAID = 'Ada: the acquisition of Babbage Ltd closes on Friday';
const QUERY_TOKEN = 'query-token-5f2c9a';
const COOKIE_SECRET = 'cookie-secret-81d07e';

interface Answer {
  status: number;
  requestId: string;
  body: Record<string, unknown>;
}

/** The api as an operator runs it: its own process, started from main.ts, so Sentry is initialised as in production. */
async function startApi(database: TestDatabase, env: Record<string, string>, nodeArgs: string[] = []) {
  const port = await freePort();
  const api = spawnApp(
    'api',
    { DATABASE_URL: database.url, PORT: String(port), NODE_ENV: 'test', THROTTLE_LIMIT: '100000', ...env },
    { nodeArgs },
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForStatus(api, `${base}/health/ready`, 200);
  const call = async (
    method: string,
    path: string,
    { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      requestId: res.headers.get('x-request-id') ?? '',
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };
  const register = async (extra: Record<string, unknown> = {}): Promise<TokenResponse> => {
    const res = await call('POST', '/api/v1/auth/register', {
      body: { email: uniqueEmail(), password: STRONG_PASSWORD, name: 'Ada', ...extra },
    });
    expect(res.status).toBe(201);
    return res.body as unknown as TokenResponse;
  };
  return { api, call, register };
}

/**
 * The database refuses to store transcript segments, with an error that
 * carries the row's values in its detail, as PostgreSQL's own constraint
 * errors do: a real query failing in a real route, answered 500.
 */
async function refuseTranscriptSegments(database: TestDatabase): Promise<void> {
  await withClient(database.url, async (db) => {
    await db.query(`
      CREATE FUNCTION refuse_segment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'could not store the segment' USING ERRCODE = 'XX000', DETAIL = 'Failing row contains (' || NEW.text || ').';
      END $$`);
    await db.query('CREATE TRIGGER refuse_segment BEFORE INSERT ON transcript_segments FOR EACH ROW EXECUTE FUNCTION refuse_segment()');
  });
}

const segment = { segmentId: 's-1', speaker: 'Ada', startMs: 0, endMs: 900, text: SAID };

describe('error tracking with SENTRY_DSN', () => {
  let sentry: SentryEnvelopeServer;
  let database: TestDatabase;
  let api: SpawnedProcess;
  let call: Awaited<ReturnType<typeof startApi>>['call'];
  let owner: TokenResponse;
  const sentSecrets: string[] = [SAID, 'Babbage', QUERY_TOKEN, COOKIE_SECRET];

  beforeAll(async () => {
    sentry = await SentryEnvelopeServer.start();
    database = await createTestDatabase();
    const started = await startApi(database, { SENTRY_DSN: sentry.dsn('e2ekey'), APP_VERSION: '9.8.7-e2e' });
    ({ api, call } = started);
    owner = await started.register();
    sentSecrets.push(owner.access_token, owner.refresh_token, STRONG_PASSWORD);
  });
  afterAll(async () => {
    await api.stop();
    await sentry.close();
    await database.drop();
  });

  const allSent = () => sentry.envelopes.map((envelope) => envelope.raw).join('\n');

  it('reports a 5xx once, with its request id, route template, tenant id, release and environment, and nothing the client sent', async () => {
    // Client errors first: none of them may be reported (the count is checked after a flushing shutdown, below).
    expect((await call('GET', '/api/v1/no-such-route', { token: owner.access_token })).status).toBe(404);
    expect((await call('POST', '/api/v1/meetings', { token: owner.access_token, body: { title: '' } })).status).toBe(400);
    expect((await call('GET', '/api/v1/meetings/not-a-uuid', { token: owner.access_token })).status).toBe(400);
    expect((await call('GET', '/api/v1/meetings')).status).toBe(401);

    const meeting = await call('POST', '/api/v1/meetings', { token: owner.access_token, body: { title: 'Board' } });
    expect(meeting.status).toBe(201);
    const meetingId = meeting.body.id as string;
    sentSecrets.push(meetingId);
    await refuseTranscriptSegments(database);

    const failed = await call('POST', `/api/v1/meetings/${meetingId}/segments?access_token=${QUERY_TOKEN}`, {
      token: owner.access_token,
      headers: { Cookie: `session=${COOKIE_SECRET}` },
      body: { segments: [segment] },
    });
    expect(failed.status).toBe(500);

    const [event] = await sentry.waitForEvents(1);
    expect(event).toMatchObject({
      level: 'error',
      release: 'quorum@9.8.7-e2e',
      environment: 'test',
      transaction: 'POST /api/v1/meetings/:id/segments',
      user: { id: owner.user.id },
      tags: {
        source: 'http',
        request_id: failed.requestId,
        route: '/api/v1/meetings/:id/segments',
        'http.method': 'POST',
        'http.status_code': '500',
        tenant_id: owner.tenant.id,
        sqlstate: 'XX000',
      },
    });
    const exceptions = (event.exception as { values: { type: string; value: string }[] }).values;
    expect(exceptions).toContainEqual(expect.objectContaining({ type: 'QueryFailedError', value: 'could not store the segment' }));
    expect(event).not.toHaveProperty('request');
    expect(sentry.envelopes[0].sentryKey).toBe('e2ekey');
    // Not the body, the transcript, the access or refresh token, the cookie, the query string, nor the raw path's id.
    for (const secret of sentSecrets) expect(allSent()).not.toContain(secret);
  });

  it('reports a crashed domain event listener with its event and tenant, while the request that announced the change succeeds', async () => {
    const email = uniqueEmail('member');
    const invitation = await call('POST', '/api/v1/tenants/current/invitations', {
      token: owner.access_token,
      body: { email, role: 'member' },
    });
    expect(invitation.status).toBe(201);
    const member = (
      await call('POST', '/api/v1/auth/register', {
        body: { email, password: STRONG_PASSWORD, name: 'Grace', invitationToken: invitation.body.token },
      })
    ).body as unknown as TokenResponse;
    sentSecrets.push(member.access_token, member.refresh_token, invitation.body.token as string);
    // The role change commits; then auth's listener ends the member's sessions, and the database refuses that.
    await withClient(database.url, async (db) => {
      await db.query(`
        CREATE FUNCTION refuse_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'could not revoke the session' USING ERRCODE = 'XX000';
        END $$`);
      await db.query(
        `CREATE TRIGGER refuse_revocation BEFORE UPDATE ON sessions FOR EACH ROW
         WHEN (NEW.revoked_at IS NOT NULL AND OLD.user_id = '${member.user.id.replace(/[^0-9a-f-]/g, '')}')
         EXECUTE FUNCTION refuse_revocation()`,
      );
    });

    const changed = await call('PATCH', `/api/v1/tenants/current/members/${member.user.id}`, {
      token: owner.access_token,
      body: { role: 'viewer' },
    });
    expect(changed.status).toBe(200);

    const events = await sentry.waitForEvents(2);
    expect(events[1]).toMatchObject({
      level: 'error',
      release: 'quorum@9.8.7-e2e',
      transaction: 'listener membership.changed',
      tags: {
        source: 'listener',
        domain_event_type: 'membership.changed',
        tenant_id: owner.tenant.id,
        request_id: changed.requestId,
        sqlstate: 'XX000',
      },
    });
    expect((events[1].tags as Record<string, string>).domain_event_id).toMatch(/^[0-9a-f-]{36}$/);
    for (const secret of sentSecrets) expect(allSent()).not.toContain(secret);
  });

  it('sent nothing for the 4xx answers: after a shutdown that flushes, the two reports above are all there is', async () => {
    await api.stop();
    expect(await api.exited).toBe(0);
    expect(sentry.events().map((event) => (event.tags as Record<string, string>).source)).toEqual(['http', 'listener']);
  });
});

describe('a process that cannot start, with SENTRY_DSN', () => {
  let sentry: SentryEnvelopeServer;
  let database: TestDatabase;

  beforeAll(async () => {
    sentry = await SentryEnvelopeServer.start();
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await sentry.close();
    await database.drop();
  });

  it('reports the failure (here, its port is taken) before it exits 1, as a crash-looping pod would show in Sentry', async () => {
    const port = await freePort();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, resolve));
    try {
      const api = spawnApp('api', {
        DATABASE_URL: database.url,
        PORT: String(port),
        NODE_ENV: 'test',
        SENTRY_DSN: sentry.dsn('e2ekey'),
      });
      expect(await api.exited).toBe(1);
      expect(api.output()).toContain('failed to start');
      const [event] = await sentry.waitForEvents(1);
      expect(event.tags).toMatchObject({ source: 'startup' });
      expect(event.transaction).toBe('startup');
      expect(JSON.stringify(event)).toContain('EADDRINUSE');
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});

describe('without SENTRY_DSN', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('answers a 5xx as usual and never loads the Sentry SDK', async () => {
    const { api, call, register } = await startApi(database, {}, ['-r', join(__dirname, 'support', 'loaded-packages.cjs')]);
    try {
      const owner = await register();
      const meeting = await call('POST', '/api/v1/meetings', { token: owner.access_token, body: { title: 'Board' } });
      await refuseTranscriptSegments(database);
      const failed = await call('POST', `/api/v1/meetings/${meeting.body.id as string}/segments`, {
        token: owner.access_token,
        body: { segments: [segment] },
      });
      expect(failed.status).toBe(500);
    } finally {
      await api.stop();
    }
    expect(await api.exited).toBe(0);
    const line = /^loaded packages: (.+)$/m.exec(api.output());
    expect(line).not.toBeNull();
    const packages = JSON.parse(line![1]) as string[];
    // The probe sees what was loaded (pg is required by the database layer), and no @sentry package was.
    expect(packages).toContain('pg');
    expect(packages.filter((name) => name.startsWith('@sentry/'))).toEqual([]);
  });
});
