import request from 'supertest';
import { bearer, register, TokenResponse } from './support/auth-helpers';
import { startTestApp, TestApp } from './support/test-app';

describe('meetings', () => {
  let t: TestApp;
  let owner: TokenResponse;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await register(t);
  });
  afterAll(() => t.close());

  const api = () => ({
    post: (path: string, body: object) => request(t.server).post(`/api/v1${path}`).set(bearer(owner)).send(body),
    get: (path: string) => request(t.server).get(`/api/v1${path}`).set(bearer(owner)),
    patch: (path: string, body: object, ifMatch?: string) => {
      const req = request(t.server).patch(`/api/v1${path}`).set(bearer(owner)).send(body);
      return ifMatch ? req.set('If-Match', ifMatch) : req;
    },
  });

  it('creates, reads with an ETag, and updates a meeting', async () => {
    const created = await api().post('/meetings', { title: 'Planning', tags: ['Q3', 'q3', 'budget'], participants: [{ name: 'Grace', email: 'Grace@Example.com' }] }).expect(201);
    expect(created.body).toMatchObject({ title: 'Planning', status: 'scheduled', tags: ['q3', 'budget'], participants: [{ name: 'Grace', email: 'grace@example.com' }], createdBy: owner.user.id, version: 1 });
    expect(created.headers.etag).toBe('"1"');
    const read = await api().get(`/meetings/${created.body.id}`).expect(200);
    expect(read.headers.etag).toBe('"1"');
    const updated = await api().patch(`/meetings/${created.body.id}`, { title: 'Planning v2' }, '"1"').expect(200);
    expect(updated.body).toMatchObject({ title: 'Planning v2', version: 2 });
    const stale = await api().patch(`/meetings/${created.body.id}`, { title: 'Lost update' }, '"1"').expect(412);
    expect(stale.body).toMatchObject({ status: 412, currentVersion: 2 });
    expect((await api().get(`/meetings/${created.body.id}`)).body.title).toBe('Planning v2');
  });

  it('moves status only along allowed transitions', async () => {
    const m = (await api().post('/meetings', { title: 'Standup' }).expect(201)).body;
    const live = await api().patch(`/meetings/${m.id}`, { status: 'live' }).expect(200);
    expect(live.body.startedAt).toEqual(expect.any(String));
    const bad = await api().patch(`/meetings/${m.id}`, { status: 'scheduled' }).expect(409);
    expect(bad.body).toMatchObject({ type: expect.stringMatching(/invalid-transition$/), from: 'live', to: 'scheduled' });
    await api().patch(`/meetings/${m.id}`, { status: 'completed' }).expect(200);
    await api().patch(`/meetings/${m.id}`, { status: 'live' }).expect(409);
  });

  it('searches title, description and transcript', async () => {
    await api().post('/meetings', { title: 'Budget review', description: 'We discuss travel spending' }).expect(201);
    const res = await api().get('/meetings?q=travel').expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].match).toMatchObject({ source: 'meeting', snippet: expect.stringContaining('<mark>travel</mark>') });
  });
});
