import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { login, register, type TokenResponse } from './support/auth-helpers';
import { type OpenApiDocument, resolveSchema } from './support/openapi-sample';
import { fillPath, listOperations, randomId, requiredQuery, sampleBody, type WalkOperation } from './support/openapi-walker';
import { PROBLEM_JSON } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A fuzzer driven by the OpenAPI document, over every operation it lists
 * (so routes added later are fuzzed as soon as they are documented): each
 * body field, query parameter and path parameter gets wrong types, NUL
 * characters, lone surrogates, malformed %-escapes, huge and deeply nested
 * values; whole bodies get deep nesting, prototype keys, wrong shapes,
 * broken JSON and oversize payloads. Nothing may answer 5xx, and every 4xx
 * must be a problem document.
 */

interface RawResponse {
  status: number;
  contentType: string;
  body: string;
}

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const deepObject = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Values for one JSON field, as raw JSON text (so lone surrogates and depth survive serialisation). */
const FIELD_VALUES: Record<string, string> = {
  nul: '"a\\u0000b"',
  'lone surrogate': '"\\ud800x"',
  'lone low surrogate': '"x\\udc00"',
  'huge string': JSON.stringify('x'.repeat(200_000)),
  'huge number': '1e308',
  negative: '-1',
  fraction: '0.5',
  boolean: 'true',
  'empty object': '{}',
  'empty array': '[]',
  null: 'null',
  'array of junk': '[1,"a",null,{},[]]',
  'deep array': deepArray(2_000),
  'deep object': deepObject(2_000),
  'prototype key': '{"__proto__":{"admin":true}}',
  'constructor key': '{"constructor":{"prototype":{"admin":true}}}',
  'date-like junk': '"2024-13-45T99:99:99Z"',
};

/** Raw (already encoded) values for query and path parameters. */
const RAW_PARAM_VALUES: Record<string, string> = {
  nul: '%00',
  'bare percent': '%',
  'bad escape': '%zz',
  'truncated escape': '%E0%A4%A',
  'invalid UTF-8': '%ED%A0%80',
  'overlong UTF-8': '%C0%AF',
  huge: 'x'.repeat(6_000),
  negative: '-1',
  'huge number': '1e400',
  nan: 'NaN',
  'dot dot': '..',
  'sql-ish': "'%20OR%201=1--",
  unicode: '%F0%9F%98%80',
};

/** Whole-body variants, raw text with a content type. */
const BODY_VARIANTS: Record<string, { contentType: string; body: string }> = {
  'deep array': { contentType: 'application/json', body: deepArray(10_000) },
  'deep object': { contentType: 'application/json', body: deepObject(5_000) },
  array: { contentType: 'application/json', body: '[]' },
  string: { contentType: 'application/json', body: '"x"' },
  number: { contentType: 'application/json', body: '42' },
  null: { contentType: 'application/json', body: 'null' },
  'broken JSON': { contentType: 'application/json', body: '{"a":' },
  'NUL key': { contentType: 'application/json', body: '{"a\\u0000":1}' },
  'over the body limit': { contentType: 'application/json', body: JSON.stringify({ a: 'x'.repeat(1_200_000) }) },
  'wrong content type': { contentType: 'text/xml', body: '<a/>' },
  'latin-1 charset': { contentType: 'application/json; charset=latin1', body: '{}' },
  'binary as text': { contentType: 'text/plain', body: '\u0000\u0001\u0002\ufffd\ud800' },
};

describe('OpenAPI-driven fuzzing of every operation', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let user: TokenResponse;
  let port: number;
  const violations: string[] = [];
  const counts = new Map<string, number>();

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LIMIT: '1000000', LOGIN_LOCK_BASE_MS: '100' } });
    port = (t.server.address() as AddressInfo).port;
    document = (await request(t.server).get('/api/docs-json').expect(200)).body;
    user = await register(t);
  });
  afterAll(() => t.close());

  /** One raw HTTP request (no client-side normalisation of the path or the body). */
  function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: method.toUpperCase(),
          path,
          headers: { ...headers, ...(payload ? { 'Content-Length': String(payload.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Sends as the user; a 401 for an ended session (the fuzz hit logout, say) logs in again and retries once. */
  async function fuzz(op: WalkOperation, label: string, path: string, body?: { contentType: string; body: string }): Promise<void> {
    counts.set(op.route, (counts.get(op.route) ?? 0) + 1);
    const call = () =>
      raw(
        op.method,
        path,
        { Authorization: `Bearer ${user.access_token}`, ...(body ? { 'Content-Type': body.contentType } : {}) },
        body?.body,
      );
    let res = await call();
    if (res.status === 401 && /session_revoked/.test(res.body)) {
      user = { ...user, ...(await login(t, user.user.email)) };
      res = await call();
    }
    if (res.status >= 500) violations.push(`${op.route} [${label}] → ${res.status} ${res.body.slice(0, 300)}`);
    else if (res.status >= 400 && !PROBLEM_JSON.test(res.contentType))
      violations.push(`${op.route} [${label}] → ${res.status} with ${res.contentType || 'no content type'}`);
    // Malformed input is the validator's to name; reaching a database constraint means a field slipped through.
    else if (/problems\/constraint-violated"/.test(res.body))
      violations.push(`${op.route} [${label}] → reached a database constraint: ${res.body.slice(0, 200)}`);
  }

  /** A valid-looking URL for the operation: sample path parameters, required query parameters. */
  function baseUrl(op: WalkOperation, override?: { name: string; raw: string }): string {
    let path = fillPath(op.path, () => randomId());
    if (override) path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === override.name ? override.raw : randomId()));
    const query = new URLSearchParams(requiredQuery(document, op, {})).toString();
    return query ? `${path}?${query}` : path;
  }

  it('answers every malformed request with a 4xx problem, never a 5xx', async () => {
    const operations = listOperations(document);
    expect(operations.length).toBeGreaterThan(30);

    for (const op of operations) {
      for (const [label, value] of Object.entries(RAW_PARAM_VALUES)) {
        const url = baseUrl(op);
        await fuzz(op, `unknown query parameter: ${label}`, `${url}${url.includes('?') ? '&' : '?'}zz${value}=${value}`);
      }
      for (const param of op.pathParams) {
        for (const [label, value] of Object.entries(RAW_PARAM_VALUES))
          await fuzz(op, `path ${param.name}: ${label}`, baseUrl(op, { name: param.name, raw: value }));
      }
      for (const param of op.queryParams) {
        for (const [label, value] of Object.entries(RAW_PARAM_VALUES)) {
          const url = baseUrl(op);
          await fuzz(
            op,
            `query ${param.name}: ${label}`,
            `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(param.name)}=${value}`,
          );
        }
        const url = baseUrl(op);
        await fuzz(
          op,
          `query ${param.name}: repeated`,
          `${url}${url.includes('?') ? '&' : '?'}${param.name}=a&${param.name}=b&${param.name}[x]=c`,
        );
      }

      const sample = sampleBody(document, op, {});
      if (!op.requestBody) continue;
      for (const [label, variant] of Object.entries(BODY_VARIANTS)) await fuzz(op, `body: ${label}`, baseUrl(op), variant);
      if (!sample || !/json/.test(sample.contentType)) continue;
      const base = (sample.body ?? {}) as Record<string, unknown>;
      await fuzz(op, 'body: prototype key beside valid fields', baseUrl(op), {
        contentType: 'application/json',
        body: JSON.stringify(base).replace(/^\{/, '{"__proto__":{"admin":true},'),
      });
      const properties = Object.keys(resolveSchema(document, op.requestBody.content?.[sample.contentType]?.schema).properties ?? {});
      for (const property of properties) {
        for (const [label, value] of Object.entries(FIELD_VALUES)) {
          const rest = JSON.stringify(Object.fromEntries(Object.entries(base).filter(([name]) => name !== property))).slice(1, -1);
          const body = `{${JSON.stringify(property)}:${value}${rest ? `,${rest}` : ''}}`;
          await fuzz(op, `body ${property}: ${label}`, baseUrl(op), { contentType: 'application/json', body });
        }
      }
    }

    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    expect(counts.size).toBe(operations.length);
    expect(total).toBeGreaterThan(1_000);
    expect(violations).toEqual([]);
    // Thousands of requests in one test: the default 60 s is a hang guard that a loaded two-core machine can reach.
  }, 240_000);
});
