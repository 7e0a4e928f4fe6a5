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

  it('starts a real embedded PostgreSQL, migrates it, is ready, and stops it on SIGTERM', async () => {
    const port = await freePort();
    const dbPort = await freePort();
    app = spawnApp('api', { PORT: String(port), EMBEDDED_DB_DIR: join(dataDir, 'postgres'), EMBEDDED_DB_PORT: String(dbPort) });
    await waitForStatus(app, `http://127.0.0.1:${port}/health/ready`, 200, 60_000);
    expect(app.output()).toContain('DATABASE_URL is not set: using the embedded PostgreSQL');
    expect(await portOpen(dbPort)).toBe(true);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(await portOpen(dbPort)).toBe(false);
  });
});
