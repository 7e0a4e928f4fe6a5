import { PAGE_LIMITS } from '@quorum/platform';
import request from 'supertest';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

/** Every paged list: its limits as documented and as applied. */
const PAGED_ROUTES = {
  '/api/v1/meetings': PAGE_LIMITS.standard,
  '/api/v1/meetings/{id}/segments': PAGE_LIMITS.transcript,
  '/api/v1/action-items': PAGE_LIMITS.standard,
  '/api/v1/tenants/current/members': PAGE_LIMITS.standard,
  '/api/v1/audit-logs': PAGE_LIMITS.standard,
  '/api/v1/rag/documents': PAGE_LIMITS.standard,
  '/api/v1/chat/sessions': PAGE_LIMITS.standard,
  '/api/v1/insights': PAGE_LIMITS.standard,
  '/api/v1/notifications': PAGE_LIMITS.standard,
  '/api/v1/webhooks': PAGE_LIMITS.standard,
  '/api/v1/webhooks/{id}/deliveries': PAGE_LIMITS.standard,
  '/api/v1/webhooks/{id}/dead-letters': PAGE_LIMITS.standard,
  '/api/v1/rules': PAGE_LIMITS.standard,
  '/api/v1/rules/applications': PAGE_LIMITS.standard,
  '/api/v1/rules/{id}/versions': PAGE_LIMITS.standard,
  '/api/v1/sync/sources': PAGE_LIMITS.standard,
  '/api/v1/sync/runs': PAGE_LIMITS.standard,
  '/api/v1/sync/conflicts': PAGE_LIMITS.standard,
};

describe('keyset pagination', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let document: Record<string, any>;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await register(t);
    document = (await request(t.server).get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('documents, for every paged route, the default and maximum limit the route applies', () => {
    const paged = Object.entries(document.paths as Record<string, Record<string, any>>)
      .filter(([, item]) => item.get?.parameters?.some((p: { name: string }) => p.name === 'cursor'))
      .map(([path]) => path);
    expect(paged.sort()).toEqual(Object.keys(PAGED_ROUTES).sort());
    for (const [path, limits] of Object.entries(PAGED_ROUTES)) {
      const limit = (document.paths[path].get.parameters as { name: string; schema: Record<string, unknown> }[]).find(
        (p) => p.name === 'limit',
      )!;
      expect({ path, ...limit.schema }).toMatchObject({ path, default: limits.defaultLimit, maximum: limits.maxLimit, minimum: 1 });
    }
  });

  it('gives a transcript 100 segments a page by default, and other lists 20', async () => {
    const meeting = (await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title: 'Long' }).expect(201)).body as {
      id: string;
    };
    const segments = Array.from({ length: 101 }, (_, i) => ({
      segmentId: `s${i}`,
      speaker: 'Ada',
      startMs: i * 1000,
      endMs: i * 1000 + 900,
      text: `line ${i}`,
    }));
    await request(t.server)
      .post(`/api/v1/meetings/${meeting.id}/segments`)
      .set(bearer(owner))
      .send({ segments: segments.slice(0, 100) })
      .expect(201);
    await request(t.server)
      .post(`/api/v1/meetings/${meeting.id}/segments`)
      .set(bearer(owner))
      .send({ segments: segments.slice(100) })
      .expect(201);
    const page = await request(t.server).get(`/api/v1/meetings/${meeting.id}/segments`).set(bearer(owner)).expect(200);
    expect(page.body.items).toHaveLength(PAGE_LIMITS.transcript.defaultLimit);
    expect(page.body.nextCursor).toEqual(expect.any(String));

    for (let i = 0; i < PAGE_LIMITS.standard.defaultLimit; i++)
      await request(t.server)
        .post('/api/v1/meetings')
        .set(bearer(owner))
        .send({ title: `Meeting ${i}` })
        .expect(201);
    const meetings = await request(t.server).get('/api/v1/meetings').set(bearer(owner)).expect(200);
    expect(meetings.body.items).toHaveLength(PAGE_LIMITS.standard.defaultLimit);
    expect(meetings.body.nextCursor).toEqual(expect.any(String));
  });

  it.each(['/api/v1/meetings', '/api/v1/action-items', '/api/v1/tenants/current/members', '/api/v1/audit-logs', '/api/v1/insights'])(
    'answers %s a cursor with a date that does not exist with 400 validation-failed, not a database error',
    async (path) => {
      const cursor = Buffer.from(JSON.stringify(['2026-02-30T00:00:00.000Z', '3f2c9a1e-8b4d-4c6a-9e2f-1a2b3c4d5e6f'])).toString(
        'base64url',
      );
      const res = await request(t.server).get(path).query({ cursor }).set(bearer(owner));
      expectProblem(res, 400, { type: 'validation-failed', field: 'cursor' });
    },
  );

  it('refuses a limit above the maximum', async () => {
    const res = await request(t.server)
      .get(`/api/v1/meetings?limit=${PAGE_LIMITS.standard.maxLimit + 1}`)
      .set(bearer(owner))
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
  });
});
