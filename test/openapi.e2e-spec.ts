import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';

describe('OpenAPI document', () => {
  let t: TestApp;
  let document: Record<string, any>;

  beforeAll(async () => {
    t = await startTestApp();
    document = (await request(t.server).get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI document', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('declares the bearer scheme', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('tags every operation and gives each a summary and responses', () => {
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(0);
    const untagged = operations.filter(({ op }) => !op.tags?.length).map(({ route }) => route);
    const undocumented = operations.filter(({ op }) => !op.summary).map(({ route }) => route);
    expect(untagged).toEqual([]);
    expect(undocumented).toEqual([]);
  });

  it('marks every operation as needing the bearer token, except the public ones', () => {
    const security = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.security]),
    );
    const publicOnes = security.filter(([, s]) => Array.isArray(s) && s.length === 0).map(([route]) => route);
    expect(publicOnes.sort()).toEqual([
      'GET /api/v1',
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/refresh',
      'POST /api/v1/auth/register',
      // Authenticated by its Standard Webhooks signature, not a token (docs/sync-connectors/inbound-webhooks.md).
      'POST /api/v1/sync/inbound/{sourceId}',
    ]);
    for (const [route, s] of security) if (!publicOnes.includes(route as string)) expect([route, s]).toEqual([route, [{ bearer: [] }]]);
    expect(JSON.stringify(document)).not.toContain('x-quorum-public');
  });

  it('describes the problem+json error shape', () => {
    expect(document.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'requestId']),
    );
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await request(t.server).get('/api/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
