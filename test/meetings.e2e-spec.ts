import { readFileSync } from 'node:fs';
import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

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

  it('lists meetings by every filter and sort, a page at a time, with the fields the detail shows', async () => {
    const lister = await register(t);
    const as = (path: string) => request(t.server).get(`/api/v1${path}`).set(bearer(lister));
    const made: { id: string }[] = [];
    const specs = [
      { tags: ['alpha'] },
      { tags: ['beta'], participants: [{ name: 'Ada', email: 'ada@example.com' }] },
      { tags: ['alpha', 'beta'] },
      {},
      { status: 'cancelled' },
    ];
    for (const [i, spec] of specs.entries()) {
      const body = { title: `Listed ${i + 1}`, scheduledStartAt: `2027-01-0${i + 1}T09:00:00.123Z`, ...spec };
      made.push((await request(t.server).post('/api/v1/meetings').set(bearer(lister)).send(body).expect(201)).body);
    }
    const [m1, m2, m3, m4, m5] = made.map((m) => m.id);
    const ids = async (query: string) => ((await as(`/meetings?${query}`).expect(200)).body.items as { id: string }[]).map((m) => m.id);

    expect(await ids('')).toEqual([m5, m4, m3, m2, m1]);
    expect(await ids('sort=startsAt')).toEqual([m1, m2, m3, m4, m5]);
    expect(await ids('sort=-createdAt')).toEqual([m5, m4, m3, m2, m1]);
    expect(await ids('sort=createdAt')).toEqual([m1, m2, m3, m4, m5]);
    expect(await ids('status=cancelled')).toEqual([m5]);
    expect(await ids('status=scheduled,cancelled')).toEqual([m5, m4, m3, m2, m1]);
    expect(await ids('from=2027-01-02T00:00:00Z&to=2027-01-04T00:00:00Z')).toEqual([m3, m2]);
    expect(await ids('tag=ALPHA')).toEqual([m3, m1]);
    expect(await ids('tag=alpha&status=scheduled&sort=startsAt')).toEqual([m1, m3]);
    expect(await ids('participant=Ada@Example.com')).toEqual([m2]);
    expect(await ids('createdBy=me')).toEqual([m5, m4, m3, m2, m1]);
    expect(await ids(`createdBy=${owner.user.id}`)).toEqual([]);
    // Search takes the same filters.
    expect((await ids('q=listed&tag=alpha&status=scheduled')).sort()).toEqual([m1, m3].sort());
    expect(await ids('q=listed&participant=ada@example.com')).toEqual([m2]);

    // Page by page in both directions: every meeting once, in order, and no cursor after the last.
    for (const [sort, expected] of [
      ['-startsAt', [m5, m4, m3, m2, m1]],
      ['startsAt', [m1, m2, m3, m4, m5]],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = (
          await as(`/meetings?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200)
        ).body;
        seen.push(...page.items.map((m) => m.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
    }

    // A list item carries the detail's fields, with the same values (timestamps to the millisecond).
    const [item] = (await as('/meetings?tag=beta&participant=ada@example.com').expect(200)).body.items;
    const detail = (await as(`/meetings/${m2}`).expect(200)).body;
    for (const [key, value] of Object.entries(item)) expect([key, value]).toEqual([key, detail[key]]);
    expect(item).toMatchObject({ scheduledStartAt: '2027-01-02T09:00:00.123Z', startedAt: null, tags: ['beta'], version: 1 });
  });

  it('creates, reads with an ETag, and updates a meeting', async () => {
    const created = await api()
      .post('/meetings', { title: 'Planning', tags: ['Q3', 'q3', 'budget'], participants: [{ name: 'Grace', email: 'Grace@Example.com' }] })
      .expect(201);
    expect(created.body).toMatchObject({
      title: 'Planning',
      status: 'scheduled',
      tags: ['q3', 'budget'],
      participants: [{ name: 'Grace', email: 'grace@example.com' }],
      createdBy: owner.user.id,
      version: 1,
    });
    expect(created.headers.etag).toBe('"1"');
    const read = await api().get(`/meetings/${created.body.id}`).expect(200);
    expect(read.headers.etag).toBe('"1"');
    const updated = await api().patch(`/meetings/${created.body.id}`, { title: 'Planning v2' }, '"1"').expect(200);
    expect(updated.body).toMatchObject({ title: 'Planning v2', version: 2 });
    const stale = await api().patch(`/meetings/${created.body.id}`, { title: 'Lost update' }, '"1"').expect(412);
    expect(stale.body).toMatchObject({ status: 412, currentVersion: 2 });
    expect((await api().get(`/meetings/${created.body.id}`)).body.title).toBe('Planning v2');
  });

  it("links participants only to members of the tenant: another tenant's user is 422, on create and update", async () => {
    const stranger = await register(t);
    const member = await addMember(t, owner, 'member');
    const linked = await api()
      .post('/meetings', { title: 'Linked', participants: [{ name: 'Mem', email: member.user.email, userId: member.user.id }] })
      .expect(201);
    expect(linked.body.participants[0].userId).toBe(member.user.id);

    const guest = { name: 'Guest', email: 'guest@example.com' };
    const foreign = { name: 'Stranger', email: stranger.user.email, userId: stranger.user.id };
    const created = await api()
      .post('/meetings', { title: 'Foreign', participants: [guest, foreign] })
      .expect(422);
    expectProblem(created, 422);
    expect(created.body.errors).toEqual([expect.objectContaining({ field: 'participants.1.userId' })]);
    const updated = await api()
      .patch(`/meetings/${linked.body.id}`, { participants: [foreign] })
      .expect(422);
    expect(updated.body.errors).toEqual([expect.objectContaining({ field: 'participants.0.userId' })]);
    expect((await api().get(`/meetings/${linked.body.id}`)).body.participants).toEqual(linked.body.participants);
  });

  it('refuses null for fields that cannot be empty, naming them, and clears nullable ones with null', async () => {
    const m = (await api().post('/meetings', { title: 'Nulls', description: 'to be cleared' }).expect(201)).body;
    const refused = await api().patch(`/meetings/${m.id}`, { title: null, status: null, tags: null, participants: null }).expect(400);
    expect([...new Set(refused.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'participants',
      'status',
      'tags',
      'title',
    ]);
    const cleared = await api().patch(`/meetings/${m.id}`, { description: null }).expect(200);
    expect(cleared.body.description).toBeNull();
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

  it('dates a meeting completed without going live by its scheduled slot, when that slot has begun', async () => {
    const slot = { scheduledStartAt: '2026-03-02T10:00:00.000Z', scheduledEndAt: '2026-03-02T11:00:00.000Z' };
    const imported = (
      await api()
        .post('/meetings', { title: 'Recorded elsewhere', ...slot })
        .expect(201)
    ).body;
    const completed = await api().patch(`/meetings/${imported.id}`, { status: 'completed' }).expect(200);
    expect(completed.body).toMatchObject({ startedAt: slot.scheduledStartAt, endedAt: slot.scheduledEndAt });
    const createdDone = await api()
      .post('/meetings', { title: 'Filed afterwards', status: 'completed', ...slot })
      .expect(201);
    expect(createdDone.body).toMatchObject({ startedAt: slot.scheduledStartAt, endedAt: slot.scheduledEndAt });
    // A slot still to come says nothing about when it was held: the current time.
    const before = Date.now();
    const early = (await api().post('/meetings', { title: 'Held early', scheduledStartAt: '2099-01-01T10:00:00.000Z' }).expect(201)).body;
    const done = (await api().patch(`/meetings/${early.id}`, { status: 'completed' }).expect(200)).body;
    expect(Date.parse(done.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(done.endedAt).toBe(done.startedAt);
  });

  it('searches title, description and transcript', async () => {
    await api().post('/meetings', { title: 'Budget review', description: 'We discuss travel spending' }).expect(201);
    const res = await api().get('/meetings?q=travel').expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].match).toMatchObject({ source: 'meeting', snippet: expect.stringContaining('<mark>travel</mark>') });
  });
});

describe('transcript segments', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let meetingId: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await register(t);
    meetingId = (await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title: 'Live' }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const seg = (n: number, text = `segment ${n}`) => ({
    segmentId: `s-${n}`,
    speaker: n % 2 ? 'Ada' : 'Grace',
    startMs: n * 1000,
    endMs: n * 1000 + 900,
    text,
  });
  const append = (segments: object[]) =>
    request(t.server).post(`/api/v1/meetings/${meetingId}/segments`).set(bearer(owner)).send({ segments });

  it('appends batches, replaces re-sent segments, and pages in time order', async () => {
    const first = await append([seg(2), seg(1)]).expect(201);
    expect(first.body).toMatchObject({ meetingId, revision: 1, segments: [seg(1), seg(2)] });
    await append([seg(3), { ...seg(1), text: 'corrected' }]).expect(201);
    const page1 = await request(t.server).get(`/api/v1/meetings/${meetingId}/segments?limit=2`).set(bearer(owner)).expect(200);
    expect(page1.body.items.map((s: { text: string }) => s.text)).toEqual(['corrected', 'segment 2']);
    const page2 = await request(t.server)
      .get(`/api/v1/meetings/${meetingId}/segments?limit=2&cursor=${page1.body.nextCursor}`)
      .set(bearer(owner))
      .expect(200);
    expect(page2.body).toEqual({ items: [seg(3)], nextCursor: null });
  });

  it('validates segments: 400 for bad fields, 422 for end before start or a repeated id', async () => {
    const bad = await append([{ ...seg(9), startMs: -1, speaker: '' }]).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['segments.0.speaker', 'segments.0.startMs']);
    const order = await append([{ ...seg(9), endMs: 10 }]).expect(422);
    expect(order.body.errors[0].field).toBe('segments.0.endMs');
    await append([seg(10), seg(10)]).expect(422);
  });

  it('finds meetings by what was said, with the segment time', async () => {
    await append([seg(20, 'the quarterly hydroponics budget is approved')]).expect(201);
    const res = await request(t.server).get('/api/v1/meetings?q=hydroponics').set(bearer(owner)).expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].match).toMatchObject({
      source: 'transcript',
      segmentId: 's-20',
      startMs: 20000,
      snippet: expect.stringContaining('<mark>hydroponics</mark>'),
    });
  });

  it('removes the transcript with the meeting, and audits the delete', async () => {
    const m = (await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title: 'Doomed' }).expect(201)).body;
    await request(t.server)
      .post(`/api/v1/meetings/${m.id}/segments`)
      .set(bearer(owner))
      .send({ segments: [seg(1)] })
      .expect(201);
    await request(t.server).delete(`/api/v1/meetings/${m.id}`).set(bearer(owner)).set('If-Match', '"1"').expect(204);
    await request(t.server).get(`/api/v1/meetings/${m.id}`).set(bearer(owner)).expect(404);
    await request(t.server).get(`/api/v1/meetings/${m.id}/segments`).set(bearer(owner)).expect(404);
    const audit = await request(t.server).get(`/api/v1/audit-logs?action=meeting.deleted&entityId=${m.id}`).set(bearer(owner)).expect(200);
    expect(audit.body.items).toHaveLength(1);
  });
});

describe('transcript files', () => {
  let t: TestApp;
  let owner: TokenResponse;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await register(t);
  });
  afterAll(() => t.close());

  const newMeeting = async () =>
    (
      await request(t.server)
        .post('/api/v1/meetings')
        .set(bearer(owner))
        .send({ title: 'Budget review', participants: [{ name: 'Ada', email: 'ada@example.com' }] })
        .expect(201)
    ).body.id as string;
  const upload = (id: string, type: string, body: string) =>
    request(t.server).post(`/api/v1/meetings/${id}/transcript`).set(bearer(owner)).set('Content-Type', type).send(body);
  const download = (id: string, format: string) =>
    request(t.server).get(`/api/v1/meetings/${id}/transcript?format=${format}`).set(bearer(owner));

  const VTT =
    'WEBVTT\n\nc1\n00:00:01.000 --> 00:00:04.000\n<v Ada>Shall we start with the budget?\n\nc2\n00:00:04.500 --> 00:00:07.000\n<v Grace>Yes, travel first.\n';

  it('imports WebVTT and exports it as vtt, srt, json and readable minutes', async () => {
    const id = await newMeeting();
    const imported = await upload(id, 'text/vtt', VTT).expect(201);
    expect(imported.body).toEqual({ meetingId: id, revision: 1, imported: 2 });
    const json = await download(id, 'json').expect(200);
    expect(JSON.parse(json.text).segments).toEqual([
      { segmentId: 'c1', speaker: 'Ada', startMs: 1000, endMs: 4000, text: 'Shall we start with the budget?' },
      { segmentId: 'c2', speaker: 'Grace', startMs: 4500, endMs: 7000, text: 'Yes, travel first.' },
    ]);
    const vtt = await download(id, 'vtt').expect(200);
    expect(vtt.headers['content-type']).toMatch(/^text\/vtt/);
    expect(vtt.headers['content-disposition']).toBe('attachment; filename="budget-review.vtt"');
    expect(vtt.text).toContain('<v Grace>Yes, travel first.');
    expect((await download(id, 'srt').expect(200)).text).toContain('00:00:04,500 --> 00:00:07,000');
    const md = await download(id, 'md').expect(200);
    expect(md.text).toMatch(/^# Budget review/);
    expect(md.text).toContain('## Participants');
    expect(md.text).toContain('Shall we start with the budget?');
    await download(id, 'pdf').expect(400);
  });

  it('imports plain "Speaker: text" lines from a real meeting', async () => {
    const id = await newMeeting();
    const { meeting_transcripts: turns } = JSON.parse(readFileSync('/work/shared/datasets/qmsum-val/ES2006a.json', 'utf8')) as {
      meeting_transcripts: { speaker: string; content: string }[];
    };
    const spoken = turns.filter((turn) => /[A-Za-z0-9]/.test(turn.content));
    const text = spoken.map((turn) => `${turn.speaker}: ${turn.content}`).join('\n');
    const imported = await upload(id, 'text/plain; charset=utf-8', text).expect(201);
    expect(imported.body.imported).toBe(spoken.length);
    const page = await request(t.server).get(`/api/v1/meetings/${id}/segments?limit=100`).set(bearer(owner)).expect(200);
    expect(page.body.items[0]).toMatchObject({ speaker: spoken[0].speaker, startMs: 0 });
  });

  it('rejects a malformed file naming the line, and keeps the previous transcript', async () => {
    const id = await newMeeting();
    await upload(id, 'text/vtt', VTT).expect(201);
    const bad = await upload(id, 'text/vtt', 'WEBVTT\n\n00:00:05.000 --> 00:00:03.000\n<v Ada>Backwards\n').expect(422);
    expectProblem(bad, 422, { line: 3, detail: expect.stringContaining('line 3') });
    const broken = await upload(id, 'application/x-subrip', '1\nnot a timing line\nHello\n').expect(400);
    expect(broken.body.line).toBe(2);
    const json = await download(id, 'json').expect(200);
    expect(JSON.parse(json.text).segments).toHaveLength(2);
  });

  it('answers 415 for an unsupported type and 413 above 10 MB', async () => {
    const id = await newMeeting();
    const unsupported = await upload(id, 'application/pdf', '%PDF').expect(415);
    expect(unsupported.headers['accept-post']).toContain('text/vtt');
    await upload(id, 'text/plain', `Ada: ${'x'.repeat(10 * 1024 * 1024)}`).expect(413);
  });
});
