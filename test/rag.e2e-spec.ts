import request from 'supertest';
import { sampleDocx, samplePdf } from '../libs/rag/src/documents/testing/sample-documents.testing';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startSiblingApp, startTestApp, type TestApp } from './support/test-app';
import { settledJob, until } from './support/until';

jest.setTimeout(90_000);

describe('knowledge base: documents, meeting indexing and search', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let stranger: TokenResponse;

  const post = (tokens: TokenResponse, path: string) => request(t.server).post(`/api/v1${path}`).set(bearer(tokens));
  const get = (tokens: TokenResponse, path: string) => request(t.server).get(`/api/v1${path}`).set(bearer(tokens));
  const search = async (tokens: TokenResponse, body: Record<string, unknown>) =>
    (await post(tokens, '/rag/query').send(body).expect(200)).body.passages as Record<string, any>[];

  beforeAll(async () => {
    t = await startTestApp({ env: { RAG_DOCUMENT_MAX_BYTES: String(256 * 1024), THROTTLE_LIMIT: '10000' } });
    owner = await register(t);
    stranger = await register(t);
  });
  afterAll(() => t.close());

  async function indexed(tokens: TokenResponse, accepted: { location: string; document: { id: string } }): Promise<Record<string, any>> {
    expect((await settledJob(t, tokens, accepted.location)).status).toBe('succeeded');
    return (await get(tokens, `/rag/documents/${accepted.document.id}`).expect(200)).body;
  }

  it('files a PDF, a DOCX and Markdown text, indexes them in jobs, and cites the page and headings that answer', async () => {
    const pdf = await post(owner, '/rag/documents')
      .field('tags', 'finance, suppliers')
      .attach(
        'file',
        samplePdf(['The travel budget is forty thousand euros.', 'Zephyrine Logistics is the preferred courier supplier.'], 'Procurement'),
        'procurement.pdf',
      )
      .expect(202);
    expect(pdf.headers.location).toBe(pdf.body.location);
    expect(pdf.body.document).toMatchObject({ title: 'procurement', format: 'pdf', status: 'pending', tags: ['finance', 'suppliers'] });
    // Sent without a title, it is named after the file until its own title (the PDF's) is read.
    expect(await indexed(owner, pdf.body)).toMatchObject({
      status: 'indexed',
      pageCount: 2,
      chunkCount: 2,
      error: null,
      title: 'Procurement',
    });

    const docx = await post(owner, '/rag/documents')
      .field('title', 'Onboarding handbook')
      .attach(
        'file',
        await sampleDocx([{ heading: 'Equipment' }, { text: 'Every newcomer receives a quokka-green laptop sleeve.' }]),
        'handbook.docx',
      )
      .expect(202);
    expect(await indexed(owner, docx.body)).toMatchObject({ status: 'indexed', format: 'docx', title: 'Onboarding handbook' });

    const markdown = await post(owner, '/rag/documents')
      .send({ title: 'Security policy', text: '# Security\n\n## Passwords\n\nPasswords rotate every ninety days.\n', tags: ['policy'] })
      .expect(202);
    expect(await indexed(owner, markdown.body)).toMatchObject({ status: 'indexed', format: 'markdown' });

    const [courier] = await search(owner, { query: 'Which courier supplier do we prefer?' });
    expect(courier).toMatchObject({
      legs: ['lexical'],
      citation: { sourceType: 'document', documentId: pdf.body.document.id, page: 2, title: 'Procurement' },
      text: expect.stringContaining('Zephyrine Logistics'),
    });
    const [laptop] = await search(owner, { query: 'laptop sleeve for newcomers' });
    expect(laptop.citation).toMatchObject({ documentId: docx.body.document.id, headingPath: ['Equipment'] });
    const [passwords] = await search(owner, { query: 'how often do passwords rotate', filters: { tags: ['policy'] } });
    expect(passwords.citation).toMatchObject({ documentId: markdown.body.document.id, headingPath: ['Security', 'Passwords'] });
    expect(await search(owner, { query: 'how often do passwords rotate', filters: { tags: ['finance'] } })).toEqual(
      expect.not.arrayContaining([
        expect.objectContaining({ citation: expect.objectContaining({ documentId: markdown.body.document.id }) }),
      ]),
    );

    // Lists, renames and deletes, with the passages following.
    const list = (await get(owner, '/rag/documents?tag=suppliers').expect(200)).body;
    expect(list.items.map((d: { id: string }) => d.id)).toEqual([pdf.body.document.id]);
    await request(t.server)
      .patch(`/api/v1/rag/documents/${pdf.body.document.id}`)
      .set(bearer(owner))
      .set('If-Match', '"2"')
      .send({ title: 'Vendor handbook' })
      .expect(200);
    const [renamed] = await search(owner, { query: 'vendor handbook courier' });
    expect(renamed.citation).toMatchObject({ documentId: pdf.body.document.id, title: 'Vendor handbook' });
    await request(t.server).delete(`/api/v1/rag/documents/${pdf.body.document.id}`).set(bearer(owner)).set('If-Match', '"3"').expect(204);
    expect(await search(owner, { query: 'Zephyrine Logistics courier' })).toEqual([]);
    await get(owner, `/rag/documents/${pdf.body.document.id}`).expect(404);
  });

  it("indexes a meeting's transcript and analysis, and cites the meeting moment, speaker and segments", async () => {
    const meeting = (
      await post(owner, '/meetings')
        .send({ title: 'Warehouse sync', tags: ['ops'] })
        .expect(201)
    ).body;
    await post(owner, `/meetings/${meeting.id}/transcript`)
      .set('Content-Type', 'text/plain')
      .send(
        'Ada: Let us review the warehouse.\nGrace: The forklift battery in bay seven keeps failing.\nAda: Then we order a new battery from the usual vendor.',
      )
      .expect(201);
    const hit = await until('the transcript to be indexed', async () => {
      const passages = await search(owner, { query: 'forklift battery failing', filters: { sourceTypes: ['transcript'] } });
      return passages[0];
    });
    expect(hit.citation).toMatchObject({
      sourceType: 'transcript',
      meetingId: meeting.id,
      title: 'Warehouse sync',
      speakers: expect.arrayContaining(['Grace']),
      segmentIds: expect.arrayContaining([expect.any(String)]),
      startMs: expect.any(Number),
    });
    expect(hit.text).toContain('Grace: The forklift battery');
    // Filters: the meeting itself, its speakers, a date range that excludes it.
    expect(await search(owner, { query: 'forklift battery', filters: { meetingIds: [meeting.id], speakers: ['Grace'] } })).not.toEqual([]);
    expect(await search(owner, { query: 'forklift battery', filters: { to: '2000-01-01T00:00:00Z' } })).toEqual([]);
    // Completing it analyses it (the tenant's default), and the analysis is indexed too, citing its segments.
    await request(t.server)
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(owner))
      .set('If-Match', '"1"')
      .send({ status: 'completed' })
      .expect(200);
    const decision = await until('the analysis to be indexed', async () => {
      const passages = await search(owner, { query: 'order a new battery', filters: { sourceTypes: ['analysis'] } });
      return passages[0];
    });
    expect(decision.citation).toMatchObject({
      sourceType: 'analysis',
      meetingId: meeting.id,
      segmentIds: expect.arrayContaining([expect.any(String)]),
    });
    // A meeting's transcript and its analysis are two sources for diversity: the summary's first passage is not the
    // transcript's first passage's neighbour, so neither is pushed below a weaker passage of a document.
    const training = await post(owner, '/rag/documents').send({ title: 'Training', text: 'Forklift training is on Monday.' }).expect(202);
    await indexed(owner, training.body);
    const mixed = await search(owner, { query: 'forklift battery bay seven failing' });
    expect(new Set(mixed.map((p) => p.citation.sourceType))).toEqual(new Set(['transcript', 'analysis', 'document']));
    const scores = mixed.map((p) => p.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await request(t.server).delete(`/api/v1/rag/documents/${training.body.document.id}`).set(bearer(owner)).expect(204);
    // Deleting the meeting removes its passages with it.
    await request(t.server).delete(`/api/v1/meetings/${meeting.id}`).set(bearer(owner)).set('If-Match', '"2"').expect(204);
    expect(await search(owner, { query: 'forklift battery failing' })).toEqual([]);
  });

  it("never scores, counts or returns another tenant's passages", async () => {
    const secret = await post(owner, '/rag/documents')
      .send({ title: 'Merger', text: 'Project Xylophagous acquires Brontide Corp.' })
      .expect(202);
    await indexed(owner, secret.body);
    expect(await search(stranger, { query: 'Xylophagous Brontide acquisition' })).toEqual([]);
    expect(await search(stranger, { query: 'Xylophagous', filters: { documentIds: [secret.body.document.id] } })).toEqual([]);
    await get(stranger, `/rag/documents/${secret.body.document.id}`).expect(404);
    expect((await get(stranger, '/rag/documents').expect(200)).body.items).toEqual([]);
  });

  it('answers bad input with problems', async () => {
    expectProblem(
      await post(owner, '/rag/documents').attach('file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), 'x.pdf'),
      415,
    );
    expectProblem(await post(owner, '/rag/documents').attach('file', Buffer.alloc(300 * 1024, 'a'), 'big.txt'), 413);
    expectProblem(await post(owner, '/rag/documents').send({ title: '', text: 'x' }), 400, { field: 'title' });
    expectProblem(await post(owner, '/rag/documents').send({ title: 'x', text: 'y', extra: 1 }), 400);
    expectProblem(await post(owner, '/rag/documents').field('tags', 'ok, <script>').attach('file', Buffer.from('hello'), 'a.txt'), 422, {
      field: 'tags',
    });
    expectProblem(await post(owner, '/rag/documents').field('title', 'bad\u0000title').attach('file', Buffer.from('hello'), 'a.txt'), 400);
    expectProblem(await post(owner, '/rag/documents').send({ title: 'x', text: 'nul \u0000 inside' }), 400);
    expectProblem(await post(owner, '/rag/query').send({ query: 'lone \ud800 surrogate' }), 400);
    expectProblem(await post(owner, '/rag/query').send({ query: '' }), 400);
    expectProblem(await post(owner, '/rag/query').send({ query: 'x', topK: 500 }), 400);
    expectProblem(await post(owner, '/rag/query').send({ query: 'x', filters: { meetingIds: ['not-a-uuid'] } }), 400);
    // A PDF without text is accepted, then fails its indexing with the reason.
    const scan = await post(owner, '/rag/documents')
      .attach('file', samplePdf(['']), 'scan.pdf')
      .expect(202);
    expect((await settledJob(t, owner, scan.body.location)).status).toBe('failed');
    expect((await get(owner, `/rag/documents/${scan.body.document.id}`).expect(200)).body).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('no text layer'),
    });
    // Queries with only stop words or punctuation find nothing rather than failing.
    expect(await search(owner, { query: 'the of and ???' })).toEqual([]);
    expect(await search(owner, { query: "' OR 1=1 -- \\u0000" })).toEqual([]);
  });

  it('viewers search and read; only members file', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    await post(viewer, '/rag/query').send({ query: 'anything' }).expect(200);
    await get(viewer, '/rag/documents').expect(200);
    expectProblem(await post(viewer, '/rag/documents').send({ title: 'x', text: 'y' }), 403);
  });
});

describe('knowledge base: a source deleted before its indexing job runs', () => {
  let t: TestApp;
  let runner: TestApp['app'] | undefined;

  beforeAll(async () => {
    // This app only queues; a second app on the same database runs the queue once the document is gone.
    t = await startTestApp({ env: { JOB_PROCESSING: 'none' } });
  });
  afterAll(async () => {
    await runner?.close();
    await t.close();
  });

  it('ends the job with nothing indexed, and writes nothing back', async () => {
    const owner = await register(t);
    const accepted = await request(t.server)
      .post('/api/v1/rag/documents')
      .set(bearer(owner))
      .send({ title: 'Short-lived', text: 'Quillwort inventory for the greenhouse.' })
      .expect(202);
    await request(t.server).delete(`/api/v1/rag/documents/${accepted.body.document.id}`).set(bearer(owner)).expect(204);

    runner = await startSiblingApp(t, { JOB_PROCESSING: 'all' });
    // The job's status is in the shared database: the app that queued it reads it.
    expect(await settledJob(t, owner, accepted.body.location)).toMatchObject({ status: 'succeeded' });
    await request(t.server).get(`/api/v1/rag/documents/${accepted.body.document.id}`).set(bearer(owner)).expect(404);
    expect(
      (await request(t.server).post('/api/v1/rag/query').set(bearer(owner)).send({ query: 'quillwort' }).expect(200)).body.passages,
    ).toEqual([]);
  });
});
