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

  it('documents the problems the pipeline may answer on each route, and every problem as application/problem+json', () => {
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, route: `${method.toUpperCase()} ${path}`, op })),
    );
    const missing: string[] = [];
    for (const { path, route, op } of operations) {
      const expected = ['default'];
      if (op.parameters?.length || op.requestBody) expected.push('400');
      if (op.security.length) expected.push('401', '403');
      if (path.startsWith('/api/')) expected.push('429');
      for (const status of expected) if (!op.responses[status]) missing.push(`${route} ${status}`);
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        if (status !== 'default' && Number(status) < 400) continue;
        const resolved = response.$ref ? document.components.responses[response.$ref.split('/').pop()] : response;
        if (resolved.content && !resolved.content['application/problem+json']) missing.push(`${route} ${status} as problem+json`);
      }
    }
    expect(missing).toEqual([]);
    expect(document.paths['/api/v1/meetings'].get.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    expect(document.components.responses.TooManyRequests.headers['Retry-After']).toBeDefined();
    // Public and outside /api: health has no 401 and no 429.
    expect(Object.keys(document.paths['/health/live'].get.responses).sort()).toEqual(['200', 'default']);
  });

  it('gives a body that differs by media type a schema for each type', () => {
    const importBody = document.paths['/api/v1/meetings/{id}/transcript'].post.requestBody.content;
    expect(importBody['text/vtt'].schema).toMatchObject({ type: 'string', example: expect.stringMatching(/^WEBVTT\n/) });
    const segments = { type: 'array', items: { $ref: '#/components/schemas/SegmentDto' } };
    expect(importBody['application/json'].schema.oneOf).toEqual([
      expect.objectContaining(segments),
      expect.objectContaining({ type: 'object', properties: { segments: expect.objectContaining(segments) } }),
    ]);
    const documentBody = document.paths['/api/v1/rag/documents'].post.requestBody.content;
    expect(documentBody['multipart/form-data'].schema.properties.file).toEqual({ type: 'string', format: 'binary' });
    expect(documentBody['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateTextDocumentDto' });
    expect(JSON.stringify(document)).not.toContain('x-quorum-body-by-media-type');
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await request(t.server).get('/api/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
