import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { bearer, register } from './support/auth-helpers';
import { parsePrometheusText } from './support/prometheus-text';
import { startTestApp, type TestApp } from './support/test-app';

const DIR = join(__dirname, '..', 'deploy', 'observability');

/** PromQL words that look like metric names but are functions, keywords or Grafana variables. */
const NOT_METRICS = new Set([
  'sum',
  'by',
  'rate',
  'histogram_quantile',
  'max',
  'min',
  'and',
  'or',
  'on',
  'vector',
  'le',
  'job',
  'instance',
  'state',
  'event',
  'http_route',
  'http_response_status_code',
  'http_request_method',
]);

/** The metric names a PromQL expression reads: identifiers that are not inside strings, labels or functions. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const withoutLabelSets = withoutStrings.replace(/\{[^}]*\}/g, '{}');
  const withoutRanges = withoutLabelSets.replace(/\[[^\]]*\]/g, '[]');
  const withoutGroupings = withoutRanges.replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  return [...withoutGroupings.matchAll(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/g)].map((m) => m[1]).filter((word) => !NOT_METRICS.has(word));
}

/** Histograms are scraped as name_bucket, name_sum and name_count, and parsed back into one family. */
const family = (name: string) => name.replace(/_(bucket|sum|count)$/, '');

function alertExpressions(): string[] {
  const text = readFileSync(join(DIR, 'alerts.yml'), 'utf8');
  return [...text.matchAll(/^\s+expr: (.+)$/gm)].map((m) => m[1]);
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
  return dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
}

describe('deploy/observability: the dashboard and the alert rules', () => {
  let t: TestApp;
  let scraped: Set<string>;

  beforeAll(async () => {
    t = await startTestApp();
    // One request of each kind, so the request histogram has series (families exist either way).
    const owner = await register(t);
    await request(t.server).get('/api/v1/meetings').set(bearer(owner)).expect(200);
    const res = await request(t.server).get('/metrics').expect(200);
    scraped = new Set(parsePrometheusText(res.text).map((f) => f.name));
  });
  afterAll(() => t.close());

  it('finds the expressions it checks', () => {
    expect(alertExpressions().length).toBeGreaterThanOrEqual(6);
    expect(dashboardExpressions().length).toBeGreaterThanOrEqual(13);
    expect(metricNames('histogram_quantile(0.99, sum by (le) (rate(x_bucket{a="b"}[5m]))) > y')).toEqual(['x_bucket', 'y']);
  });

  it.each([
    ['alert rules', alertExpressions],
    ['Grafana dashboard', dashboardExpressions],
  ])('the %s query only metrics a real scrape has', (_, expressions) => {
    const missing = expressions()
      .flatMap(metricNames)
      .map(family)
      .filter((name) => !scraped.has(name));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('covers the signals operators are paged on: errors, latency, readiness, pool saturation, event-loop lag', () => {
    const alerts = alertExpressions().join('\n');
    for (const metric of [
      'http_server_request_duration_seconds_count',
      'http_server_request_duration_seconds_bucket',
      'quorum_ready',
      'quorum_db_pool_clients',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(alerts).toContain(metric);
  });
});
