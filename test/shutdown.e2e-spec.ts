import { Agent, type ClientRequest, get, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { STRONG_PASSWORD, uniqueEmail } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { RawConnection, untilRefused } from './support/raw-http';
import { freePort, spawnApp, type SpawnedProcess, waitForStatus } from './support/processes';
import { createTestDatabase, type TestDatabase } from './support/test-database';

jest.setTimeout(60_000);

const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * SIGTERM against real processes under real traffic: nothing sent on an open
 * connection may be lost, every response of the drain says Connection: close,
 * and the process exits 0 as soon as the last connection is gone.
 */
describe('SIGTERM drains connections', () => {
  let database: TestDatabase;
  const started: SpawnedProcess[] = [];

  async function start(env: Record<string, string> = {}): Promise<{ app: SpawnedProcess; port: number; base: string }> {
    const port = await freePort();
    const app = spawnApp('api', {
      DATABASE_URL: database.url,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      THROTTLE_LIMIT: '100000',
      ...env,
    });
    started.push(app);
    const base = `http://127.0.0.1:${port}`;
    await waitForStatus(app, `${base}/health/ready`, 200);
    return { app, port, base };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of started) if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await Promise.all(started.map((app) => app.exited));
    await database.drop();
  });

  it('under keep-alive load drops no request sent on an open connection, and closes each with Connection: close', async () => {
    const { app, port } = await start();
    const CONNECTIONS = 50;
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const socketIds = new WeakMap<Socket, number>();
    let nextSocketId = 0;
    type Outcome = { status: number; connection?: string; socket: number } | { error: string; reused: boolean };
    const outcomes: Outcome[] = [];

    const once = () =>
      new Promise<Outcome>((resolve) => {
        const req: ClientRequest = get({ agent, host: '127.0.0.1', port, path: '/health/ready' }, (res: IncomingMessage) => {
          if (!socketIds.has(res.socket)) socketIds.set(res.socket, nextSocketId++);
          const socket = socketIds.get(res.socket)!;
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, socket }));
          res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, reused: req.reusedSocket }));
        });
        req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, reused: req.reusedSocket }));
      });

    let signalled = false;
    const deadline = Date.now() + 20_000;
    const loop = async () => {
      while (Date.now() < deadline) {
        const outcome = await once();
        outcomes.push(outcome);
        // A new connection that finds the listener closed ends this client's part: the server is going away.
        if ('error' in outcome && !outcome.reused && signalled) return;
      }
    };
    const loops = Array.from({ length: CONNECTIONS }, loop);

    // Every connection busy before the signal.
    while (outcomes.length < CONNECTIONS * 10) await new Promise((r) => setTimeout(r, 20));
    const before = outcomes.length;
    const signalledAt = Date.now();
    signalled = true;
    app.child.kill('SIGTERM');
    await Promise.all(loops);
    const code = await app.exited;
    const exitedAfterMs = Date.now() - signalledAt;
    agent.destroy();

    const responses = outcomes.filter((o): o is Extract<Outcome, { status: number }> => 'status' in o);
    const failures = outcomes.filter((o): o is Extract<Outcome, { error: string }> => 'error' in o);
    const dropped = failures.filter((o) => o.reused);
    const refused = failures.filter((o) => !o.reused);
    const draining = responses.filter((o) => o.status === 503);
    expect({ dropped }).toEqual({ dropped: [] });
    expect(responses.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
    // Readiness said 503 on the connections still open, and each such answer closed its connection.
    expect(draining.length).toBeGreaterThanOrEqual(1);
    expect(draining.filter((o) => o.connection !== 'close')).toEqual([]);
    // Nothing more came on a connection after it was told to close.
    const closedSockets = new Set<number>();
    for (const o of responses) {
      expect(closedSockets.has(o.socket)).toBe(false);
      if (o.connection === 'close') closedSockets.add(o.socket);
    }
    expect(refused.length).toBe(CONNECTIONS);
    expect(outcomes.length).toBeGreaterThan(before);
    expect(code).toBe(0);
    expect(exitedAfterMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS / 2);
  });

  it('lets several large exports read slowly by their clients finish before exiting', async () => {
    const { app, base, port } = await start();
    const json = async (path: string, init: RequestInit & { token?: string } = {}): Promise<any> => {
      const res = await fetch(`${base}/api/v1${path}`, {
        ...init,
        headers: {
          'Content-Type': 'application/json',
          ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
          ...(init.headers as Record<string, string>),
        },
      });
      if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const { access_token: token } = await json('/auth/register', {
      method: 'POST',
      body: JSON.stringify({ email: uniqueEmail(), password: STRONG_PASSWORD, name: 'Ada' }),
    });
    const meeting = await json('/meetings', { method: 'POST', token, body: JSON.stringify({ title: 'Long one' }) });
    // About 8 MB: more than the kernel's socket buffers hold, so most of each export is still in the process when SIGTERM comes.
    const line = (i: number) => `Speaker ${i % 7}: ${`word${i} `.repeat(1400).trim()}`;
    const transcript = Array.from({ length: 800 }, (_, i) => line(i)).join('\n');
    await json(`/meetings/${meeting.id}/transcript`, {
      method: 'POST',
      token,
      headers: { 'Content-Type': 'text/plain' },
      body: transcript,
    });
    const path = `/api/v1/meetings/${meeting.id}/transcript?format=vtt`;
    const reference = await (await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } })).text();
    expect(reference.length).toBeGreaterThan(8_000_000);

    // Four exports whose clients do not read yet.
    const exports = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<IncomingMessage>((resolve, reject) => {
            get({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` } }, (res) => {
              res.pause();
              resolve(res);
            }).on('error', reject);
          }),
      ),
    );
    const signalledAt = Date.now();
    app.child.kill('SIGTERM');
    await untilRefused(port);
    await new Promise((r) => setTimeout(r, 1000));
    // Still draining: the exports are not done.
    expect(app.child.exitCode).toBeNull();

    const bodies = await Promise.all(
      exports.map(
        (res) =>
          new Promise<string>((resolve, reject) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
            res.on('error', reject);
            res.resume();
          }),
      ),
    );
    for (const body of bodies) {
      expect(body.length).toBe(reference.length);
      expect(body === reference).toBe(true);
    }
    expect(await app.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(app.output()).not.toMatch(/still running after/);
  });

  it('serves a request that arrives on an idle keep-alive connection during the drain, and closes idle connections promptly', async () => {
    const { app, port } = await start({ SHUTDOWN_TIMEOUT_MS: '30000' });
    const ask = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`;
    const early = await RawConnection.open(port);
    const quiet = await RawConnection.open(port);
    for (const connection of [early, quiet]) {
      connection.write(ask('/health/live'));
      expect((await connection.response()).status).toBe(200);
    }

    const signalledAt = Date.now();
    app.child.kill('SIGTERM');
    await untilRefused(port);
    // The listener is closed, so the drain has begun; this request was "already on the wire" for an idle connection.
    early.write(ask('/health/ready'));
    const res = await early.response();
    expectProblem(res, 503);
    expect(res.headers.connection).toBe('close');
    expect(await early.closed).toEqual({ error: undefined, endedByPeer: true });

    // The connection that stays quiet is closed by the server after a short grace, with a FIN, not a reset.
    expect(await quiet.closed).toEqual({ error: undefined, endedByPeer: true });
    expect(Date.now() - signalledAt).toBeLessThan(3_000);
    expect(await app.exited).toBe(0);
    // Well within SHUTDOWN_TIMEOUT_MS (30 s): the drain ends when the last connection does. The rest of the
    // shutdown (queues, pools) takes a second or two, and 5 s on a CI machine busy with other suites.
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
  });

  it('destroys what is still in flight at SHUTDOWN_TIMEOUT_MS, says so, and exits 0', async () => {
    const { app, port } = await start({ SHUTDOWN_TIMEOUT_MS: '1500', LOG_LEVEL: 'info' });
    // A request whose body never completes: in flight for as long as the client likes.
    const stuck = await RawConnection.open(port);
    stuck.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
    );
    await new Promise((r) => setTimeout(r, 200));
    const signalledAt = Date.now();
    app.child.kill('SIGTERM');
    await stuck.closed;
    const closedAfterMs = Date.now() - signalledAt;
    expect(closedAfterMs).toBeGreaterThanOrEqual(1400);
    expect(closedAfterMs).toBeLessThan(3000);
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('requests still in flight after 1500 ms (SHUTDOWN_TIMEOUT_MS); destroyed 1 connection(s)');
  });
});
