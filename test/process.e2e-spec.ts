import { connect, type Socket } from 'node:net';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnApp, type SpawnedProcess, waitForStatus } from './support/processes';
import { createTestDatabase, type TestDatabase } from './support/test-database';

jest.setTimeout(120_000);

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the api process', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('refuses to start on a bad setting with one line naming the variable and the fix', async () => {
    const app = spawnApp('api', { PORT: 'eighty' });
    expect(await app.exited).toBe(78);
    const lines = app.output().trim().split('\n');
    expect(lines).toEqual([
      'Invalid configuration: PORT must be a whole number, got "eighty". Set PORT to a number between 0 and 65535, e.g. PORT=3000.',
    ]);
  });

  it('requires JWT_SECRET in production', async () => {
    const app = spawnApp('api', { NODE_ENV: 'production', DATABASE_URL: database.url });
    expect(await app.exited).toBe(78);
    expect(app.output()).toMatch(/^Invalid configuration: JWT_SECRET is required when NODE_ENV=production\. .*openssl rand/);
  });

  it('on SIGTERM finishes the in-flight request, refuses new connections and exits 0', async () => {
    const port = await freePort();
    const app = spawnApp('api', { DATABASE_URL: database.url, PORT: String(port), LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '10000' });
    await waitForStatus(app, `http://127.0.0.1:${port}/health/ready`, 200);

    // A slow client: headers and half the body now, the rest after SIGTERM.
    const body = JSON.stringify({ slow: 'request body' });
    const socket: Socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      `POST /api/v1/slow HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 300));

    app.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    expect(app.child.exitCode).toBeNull();
    expect(await portOpen(port)).toBe(false);

    socket.write(body.slice(10));
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 404 /);
    expect(response).toContain('application/problem+json');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('SIGTERM received');
    expect(app.output()).toContain('shutdown complete');
  });
});

describe('the worker process', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('starts, reports health on its own port, serves none of the api routes and shuts down cleanly', async () => {
    const port = await freePort();
    const app = spawnApp('worker', { DATABASE_URL: database.url, WORKER_PORT: String(port) });
    await waitForStatus(app, `http://127.0.0.1:${port}/health/ready`, 200);
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    // Domain modules reach the worker without their HTTP modules: none of the api's routes answer on its port.
    for (const path of ['/api/v1/meetings', '/api/v1/action-items', '/api/v1/tenants/current', '/api/v1/auth/me', '/api/docs']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});

describe('with no DATABASE_URL', () => {
  let dataDir: string;
  let app: SpawnedProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'quorum-embedded-'));
    // As root the server runs as an unprivileged user, which must be able to enter the folder.
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGKILL');
      await app.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a real embedded PostgreSQL, migrates it, analyses a transcript end to end with jobs in it, and stops it on SIGTERM', async () => {
    const port = await freePort();
    const dbPort = await freePort();
    app = spawnApp('api', { PORT: String(port), EMBEDDED_DB_DIR: join(dataDir, 'postgres'), EMBEDDED_DB_PORT: String(dbPort) });
    await waitForStatus(app, `http://127.0.0.1:${port}/health/ready`, 200, 60_000);
    expect(app.output()).toContain('DATABASE_URL is not set: using the embedded PostgreSQL');
    expect(app.output()).toContain('jobs are queued in PostgreSQL');
    expect(await portOpen(dbPort)).toBe(true);

    // What `npm start` alone must do: a transcript imported over REST is analysed by a job queued in the
    // database the process migrated at start (BullMQ's schema included), with no key configured.
    const api = `http://127.0.0.1:${port}/api/v1`;
    const call = async (method: string, path: string, token?: string, body?: string, type = 'application/json') => {
      const res = await fetch(`${api}${path}`, {
        method,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': type } : {}) },
        body,
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, any> };
    };
    const registered = await call(
      'POST',
      '/auth/register',
      undefined,
      JSON.stringify({ email: 'embedded@example.com', password: 'Correct-Horse7-Battery', name: 'E', tenantName: 'E' }),
    );
    expect(registered.status).toBe(201);
    const token = registered.body.access_token as string;
    const meeting = await call('POST', '/meetings', token, JSON.stringify({ title: 'Embedded' }));
    const lines =
      'Ada: Shall we pick the supplier today?\nGrace: Yes. I will send the contract to legal by Friday.\nAda: Good, we agreed on the cheaper supplier.';
    expect((await call('POST', `/meetings/${meeting.body.id}/transcript`, token, lines, 'text/plain')).status).toBe(201);
    const posted = await call('POST', `/meetings/${meeting.body.id}/analysis`, token, '{}');
    expect(posted.status).toBe(202);
    const deadline = Date.now() + 30_000;
    let job = await call('GET', `/jobs/${posted.body.jobId}`, token);
    while (job.body.status !== 'succeeded' && job.body.status !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      job = await call('GET', `/jobs/${posted.body.jobId}`, token);
    }
    expect(job.body.status).toBe('succeeded');
    expect((await call('GET', `/meetings/${meeting.body.id}/analysis`, token)).body).toMatchObject({ provider: 'local', segmentCount: 3 });
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(await portOpen(dbPort)).toBe(false);
  });
});
