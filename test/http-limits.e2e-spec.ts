import { RawConnection } from './support/raw-http';
import { freePort, spawnApp, type SpawnedProcess, waitForStatus } from './support/processes';
import { createTestDatabase, type TestDatabase } from './support/test-database';

jest.setTimeout(60_000);

const REQUEST_TIMEOUT_MS = 1000;

function expectProblem(res: { status: number; headers: Record<string, string>; body: string }, status: number, slug: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.headers.connection).toBe('close');
  expect(JSON.parse(res.body)).toEqual({
    type: `https://quorum.dev/problems/${slug}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
}

/**
 * What Node's HTTP parser refuses before Express ever sees a request: slow
 * headers, oversized headers, garbage. Each is answered as a problem, and
 * the client can read it before the connection ends.
 */
describe.each(['api', 'worker'] as const)('the %s process at the HTTP parser', (entry) => {
  let database: TestDatabase;
  let app: SpawnedProcess;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    port = await freePort();
    const portVariable = entry === 'api' ? 'PORT' : 'WORKER_PORT';
    app = spawnApp(entry, {
      DATABASE_URL: database.url,
      [portVariable]: String(port),
      LOG_LEVEL: 'warn',
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    });
    await waitForStatus(app, `http://127.0.0.1:${port}/health/ready`, 200);
  });
  afterAll(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGTERM');
    await app.exited;
    await database.drop();
  });

  it('answers headers that trickle in slower than REQUEST_TIMEOUT_MS with a 408 problem', async () => {
    const connection = await RawConnection.open(port);
    const started = Date.now();
    connection.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n');
    // A slowloris: a header line every 200 ms, never the blank line that ends them.
    const trickle = setInterval(() => !connection.isClosed && connection.write('X-Slow: 1\r\n'), 200);
    try {
      const res = await connection.response(10_000);
      const elapsed = Date.now() - started;
      expectProblem(res, 408, 'slow-request');
      expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
    } finally {
      clearInterval(trickle);
    }
    expect((await connection.closed).endedByPeer).toBe(true);
  });

  it('answers a body that trickles in slower than REQUEST_TIMEOUT_MS with a 408 problem', async () => {
    const connection = await RawConnection.open(port);
    connection.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
    );
    expectProblem(await connection.response(10_000), 408, 'slow-request');
    expect((await connection.closed).endedByPeer).toBe(true);
  });

  it('answers 17 KB of headers with a 431 problem the client reads in full, without a reset', async () => {
    const connection = await RawConnection.open(port);
    // An upload behind oversized headers: the client is still sending long after the server has refused the request.
    // Closing at once with those bytes unread makes the kernel answer with a reset instead of the 431.
    const upload = Buffer.alloc(4_000_000, 'b');
    connection.write(
      `POST /api/v1/meetings HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\nContent-Type: text/plain\r\nContent-Length: ${upload.length}\r\n\r\n`,
    );
    connection.write(upload);
    expectProblem(await connection.response(), 431, 'headers-too-large');
    expect(await connection.closed).toEqual({ error: undefined, endedByPeer: true });
  });

  it('answers a request that is not HTTP with a 400 problem', async () => {
    const connection = await RawConnection.open(port);
    connection.write('HELLO THERE\r\n\r\n');
    expectProblem(await connection.response(), 400, 'malformed-request');
    expect(await connection.closed).toEqual({ error: undefined, endedByPeer: true });
  });

  it('still serves ordinary requests', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
  });
});
