import { MetricsServer, seededRandom } from '@quorum/platform';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { bearer, register } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { freePort, spawnApp, waitForStatus } from './support/processes';
import { labelValues, type MetricFamily, parsePrometheusText, seriesCount } from './support/prometheus-text';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

jest.setTimeout(120_000);

const CONTENT_TYPE = /^text\/plain; version=0\.0\.4/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function scrape(t: TestApp, headers: Record<string, string> = {}): Promise<MetricFamily[]> {
  const res = await request(t.server).get('/metrics').set(headers).expect(200);
  expect(res.headers['content-type']).toMatch(CONTENT_TYPE);
  return parsePrometheusText(res.text);
}

/** Any method, as node:http sends it; the answer does not matter here. */
function send(port: number, method: string, path: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.once('end', () => resolve());
    });
    req.once('error', () => resolve());
    req.end();
  });
}

const find = (families: MetricFamily[], name: string) => families.find((family) => family.name === name);

describe('the text-format reader the scrapes go through', () => {
  it('refuses what Prometheus would refuse', () => {
    for (const text of [
      'a{x="y} 1\n',
      'a{x="y"}\n',
      'a{x="y"} notanumber\n',
      '# TYPE a foo\na 1\n',
      'a 1\nb 1\na 2\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n',
      'a 1',
    ]) {
      expect(() => parsePrometheusText(text)).toThrow();
    }
    expect(parsePrometheusText('# HELP a b\n# TYPE a gauge\na{x="q\\"u"} 1.5e3\n')).toEqual([
      { name: 'a', type: 'gauge', help: 'b', samples: [{ name: 'a', labels: { x: 'q"u' }, value: 1500 }] },
    ]);
  });
});

describe('GET /metrics on the api', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('scrapes cleanly, with the runtime, dependency and HTTP metrics', async () => {
    await request(t.server).get('/health/live').expect(200);
    const families = await scrape(t);
    const names = families.map((family) => family.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'process_cpu_seconds_total',
        'nodejs_eventloop_lag_seconds',
        'nodejs_heap_size_used_bytes',
        'nodejs_gc_duration_seconds',
        'http_server_request_duration_seconds',
        'http_server_active_requests',
        'quorum_db_pool_clients',
        'quorum_redis_connected',
        'quorum_cache_hits_total',
        'quorum_cache_misses_total',
        'quorum_rate_limit_rejections_total',
        'quorum_login_lockouts_total',
        'quorum_socketio_connected_sockets',
        'quorum_socketio_events_received_total',
        'quorum_socketio_events_sent_total',
        'quorum_ready',
      ]),
    );
    expect(find(families, 'http_server_request_duration_seconds')?.type).toBe('histogram');
    expect(find(families, 'quorum_ready')?.samples[0].value).toBe(1);
    const pool = find(families, 'quorum_db_pool_clients')!.samples;
    expect(pool.map((sample) => sample.labels.state).sort()).toEqual(['idle', 'total', 'waiting']);
    expect(pool.find((sample) => sample.labels.state === 'total')!.value).toBeGreaterThan(0);
    const live = find(families, 'http_server_request_duration_seconds')!.samples.find(
      (sample) => sample.name.endsWith('_count') && sample.labels.http_route === '/health/live',
    );
    expect(live?.labels).toEqual({ http_request_method: 'GET', http_route: '/health/live', http_response_status_code: '200' });
    const buckets = find(families, 'http_server_request_duration_seconds')!
      .samples.filter((sample) => sample.name.endsWith('_bucket') && sample.labels.http_route === '/health/live')
      .map((sample) => sample.labels.le);
    expect(buckets).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.075',
      '0.1',
      '0.25',
      '0.5',
      '0.75',
      '1',
      '2.5',
      '5',
      '7.5',
      '10',
      '+Inf',
    ]);
  });

  it('labels requests with the route template, never the raw path, and folds unknown routes into one value', async () => {
    const owner = await register(t);
    const id = randomUUID();
    await request(t.server).get(`/api/v1/meetings/${id}`).set(bearer(owner)).expect(404);
    await request(t.server).get(`/api/v1/no-such-thing/${randomUUID()}`).expect(404);
    await request(t.server).get('/wp-admin/setup.php').expect(404);
    const samples = find(await scrape(t), 'http_server_request_duration_seconds')!.samples.filter((s) => s.name.endsWith('_count'));
    expect(samples.map((s) => s.labels.http_route)).toEqual(expect.arrayContaining(['/api/v1/meetings/:id', 'unmatched']));
    expect(samples.find((s) => s.labels.http_route === '/api/v1/meetings/:id')?.labels.http_response_status_code).toBe('404');
    expect(samples.filter((s) => s.labels.http_route === 'unmatched' && s.labels.http_request_method === 'GET')).toHaveLength(1);
    expect(samples.filter((s) => UUID.test(s.labels.http_route))).toEqual([]);
  });

  it('is neither under /api nor in the OpenAPI document', async () => {
    await request(t.server).get('/api/metrics').expect(404);
    await request(t.server).get('/api/v1/metrics').expect(404);
    const document = (await request(t.server).get('/api/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.includes('metrics') && !path.includes('/analytics'))).toEqual([]);
    expect(document.paths['/metrics']).toBeUndefined();
  });

  it('keeps the series bounded under a few hundred fuzzed requests', async () => {
    const port = (t.server.address() as AddressInfo).port;
    const random = seededRandom(9);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const owner = await register(t);
    // PROPFIND, MKCOL and PURGE pass Node's parser and reach the app as methods it does not know.
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'MKCOL', 'PURGE'];
    const sent: string[] = [];
    for (let i = 0; i < 300; i++) {
      const id = randomUUID();
      const email = `fuzz${i}@example.com`;
      const word = Math.floor(random() * 1e9).toString(36);
      const path = pick([
        `/api/v1/meetings/${id}`,
        `/api/v1/meetings/${id}/transcript`,
        `/api/v1/action-items/${id}`,
        `/api/v1/${word}/${id}`,
        `/${word}`,
        `/api/v2/meetings/${word}`,
        `/health/${word}`,
        `/metrics/${word}`,
        `/api/v1/tenants/${id}/members/${encodeURIComponent(email)}`,
      ]);
      sent.push(path);
      const query = random() < 0.5 ? `?q=${word}&email=${encodeURIComponent(email)}&id=${id}` : '';
      await send(port, pick(methods), path + query, random() < 0.5 ? bearer(owner) : {});
    }
    const families = await scrape(t);
    const values = labelValues(families);
    expect(values.filter((value) => UUID.test(value))).toEqual([]);
    expect(values.filter((value) => value.includes('@') || value.includes('?'))).toEqual([]);
    expect(values.filter((value) => sent.includes(value))).toEqual([]);
    const duration = find(families, 'http_server_request_duration_seconds')!.samples;
    expect(new Set(duration.map((s) => s.labels.http_request_method))).toContain('_OTHER');
    expect(new Set(duration.map((s) => s.labels.http_route)).size).toBeLessThan(30);
    // Every route template, method and status together stay far below this; one label holding a path or an id would not.
    expect(seriesCount(families)).toBeLessThan(1500);
  });
});

describe('METRICS_TOKEN', () => {
  let t: TestApp;
  const token = 'scrape-token-0123456789abcdef';
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: token } });
  });
  afterAll(() => t.close());

  it('answers 401 (a problem) without the bearer token or with another one, 200 with it', async () => {
    expectProblem(await request(t.server).get('/metrics'), 401, 'unauthorized');
    expectProblem(await request(t.server).get('/metrics').set('Authorization', `Bearer ${token}x`), 401, 'unauthorized');
    expectProblem(await request(t.server).get('/metrics').set('Authorization', token), 401, 'unauthorized');
    await scrape(t, { Authorization: `Bearer ${token}` });
  });
});

describe('METRICS_PORT', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    t = await startTestApp({ env: { METRICS_PORT: String(port), METRICS_TOKEN: 'scrape-token-0123456789abcdef' } });
  });
  afterAll(() => t.close());

  it('serves /metrics on that port only; the main port answers 404', async () => {
    expect(t.app.get(MetricsServer).port).toBe(port);
    expectProblem(await request(t.server).get('/metrics').set('Authorization', 'Bearer scrape-token-0123456789abcdef'), 404);
    const refused = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: 'Bearer scrape-token-0123456789abcdef' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(CONTENT_TYPE);
    expect(parsePrometheusText(await res.text()).map((family) => family.name)).toContain('quorum_ready');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it('stops with the app', async () => {
    await t.app.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

describe('GET /metrics on the worker process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('scrapes cleanly on WORKER_PORT', async () => {
    const port = await freePort();
    const worker = spawnApp('worker', { DATABASE_URL: database.url, WORKER_PORT: String(port) });
    try {
      await waitForStatus(worker, `http://127.0.0.1:${port}/health/ready`, 200);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(CONTENT_TYPE);
      const names = parsePrometheusText(await res.text()).map((family) => family.name);
      expect(names).toEqual(
        expect.arrayContaining(['process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'quorum_db_pool_clients', 'quorum_ready']),
      );
    } finally {
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
    }
  });
});
