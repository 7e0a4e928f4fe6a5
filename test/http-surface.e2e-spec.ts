import request from 'supertest';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

describe('HTTP surface', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { CORS_ORIGINS: 'https://app.example.com', BODY_LIMIT: '1kb', THROTTLE_LIMIT: '3', THROTTLE_TTL_MS: '60000' },
    });
  });
  afterAll(() => t.close());

  it('serves versioned routes under /api/v1', async () => {
    const res = await request(t.server).get('/api/v1').expect(200);
    expect(res.body).toEqual({ name: 'quorum', version: expect.any(String), docs: '/api/docs' });
  });

  it('answers an unknown route with a 404 problem carrying the request id', async () => {
    const res = await request(t.server).get('/api/v1/no-such-thing').expect(404);
    expectProblem(res, 404, { type: 'route-not-found', instance: '/api/v1/no-such-thing', requestId: res.headers['x-request-id'] });
    expect(res.body.detail).toContain('GET /api/v1/no-such-thing');
  });

  it('answers 404 problems outside the prefix too', async () => {
    const res = await request(t.server).get('/nope').expect(404);
    expectProblem(res, 404, 'route-not-found');
  });

  it('honours a well-formed incoming X-Request-Id and replaces a malformed one', async () => {
    const ok = await request(t.server).get('/api/v1/missing').set('X-Request-Id', 'trace-123').expect(404);
    expect(ok.headers['x-request-id']).toBe('trace-123');
    expect(ok.body.requestId).toBe('trace-123');
    const bad = await request(t.server).get('/api/v1/missing').set('X-Request-Id', 'a b<script>').expect(404);
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a known path with an unsupported method with 405 and Allow', async () => {
    const res = await request(t.server).delete('/health/live').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    expectProblem(res, 405, 'method-not-allowed');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await request(t.server).post('/api/v1').set('Content-Type', 'application/json').send('{"a":').expect(400);
    expectProblem(res, 400, 'malformed-json');
  });

  it('answers a body over BODY_LIMIT with 413', async () => {
    const res = await request(t.server)
      .post('/api/v1')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(2048) }))
      .expect(413);
    expectProblem(res, 413);
    expect(res.body.detail).toContain('1024 bytes');
  });

  it('sets security headers and compresses large bodies', async () => {
    const res = await request(t.server).get('/api/docs-json').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('allows CORS only for configured origins, with credentials', async () => {
    const allowed = await request(t.server)
      .options('/api/v1')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const denied = await request(t.server)
      .options('/api/v1')
      .set('Origin', 'https://evil.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('compresses and adds CORS headers only for requests that can use them, and says so in Vary', async () => {
    // A client that accepts no encoding and a request with no Origin (not cross-origin) get neither.
    const plain = await request(t.server).get('/health/live').unset('Accept-Encoding').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    expect(plain.headers.vary).toMatch(/Origin/);
    // A cross-origin request from a configured origin gets the CORS headers an SPA needs.
    const cross = await request(t.server).get('/health/live').set('Origin', 'https://app.example.com').expect(200);
    expect(cross.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(cross.headers['access-control-allow-credentials']).toBe('true');
    expect(cross.headers['access-control-expose-headers']).toContain('X-Request-Id');
    expect(cross.headers.vary).toMatch(/Origin/);
  });

  it('rate-limits per client with 429 and Retry-After, and never limits health probes', async () => {
    // Earlier tests in this file used part of the budget of 3; keep asking until limited.
    let limited: request.Response | undefined;
    for (let i = 0; i < 5 && !limited; i++) {
      const res = await request(t.server).get('/api/v1');
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    expectProblem(limited!, 429, 'too-many-requests');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await request(t.server).get('/health/live').expect(200);
  });
});

describe('HTTP surface behind a proxy', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback', THROTTLE_LIMIT: '2' } });
  });
  afterAll(() => t.close());

  it('counts limits per forwarded client address when TRUST_PROXY is set', async () => {
    const from = (ip: string) => request(t.server).get('/api/v1').set('X-Forwarded-For', ip);
    await from('203.0.113.1').expect(200);
    await from('203.0.113.1').expect(200);
    await from('203.0.113.1').expect(429);
    // Another client behind the same proxy still has its own budget.
    await from('203.0.113.2').expect(200);
  });
});
