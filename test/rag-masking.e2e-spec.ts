import request from 'supertest';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { withClient } from './support/postgres';
import { startTestApp, type TestApp } from './support/test-app';
import { settledJob, until } from './support/until';

jest.setTimeout(120_000);

/** What the tenant's built-in detectors find: an e-mail, a card number (valid Luhn), a phone number, an IBAN (valid mod 97). */
const PLANTED = ['ada.lovelace@example.com', '4111 1111 1111 1111', '+44 20 7946 0958', 'GB82 WEST 1234 5698 7654 32'];

describe('knowledge base: a masked index (masking rules applied to passages)', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let documentId: string;
  let meetingId: string;

  const post = (path: string) => request(t.server).post(`/api/v1${path}`).set(bearer(owner));
  const search = async (query: string) => (await post('/rag/query').send({ query }).expect(200)).body.passages as Record<string, any>[];
  const putRules = (applyToIndex: boolean) =>
    request(t.server).put('/api/v1/masking/rules').set(bearer(owner)).send({ enabled: true, applyToIndex, builtins: [], custom: [] });
  /** Every passage stored for the tenant, as the index holds it. */
  const passages = () =>
    withClient(t.database.url, async (db) => {
      const { rows } = await db.query<{ source_type: string; title: string; body: string }>(
        'SELECT source_type, title, body FROM rag_chunks WHERE tenant_id = $1 ORDER BY source_type, chunk_index',
        [owner.tenant.id],
      );
      return rows;
    });
  const planted = (rows: { title: string; body: string }[]) =>
    PLANTED.filter((value) => rows.some((row) => row.body.includes(value) || row.title.includes(value)));
  /** Both sources are indexed and the stored text does (or does not) carry the planted values. */
  const settled = (raw: boolean) =>
    until(
      raw ? 'the raw text to be indexed again' : 'the index to be masked',
      async () => {
        const rows = await passages();
        const both = rows.some((r) => r.source_type === 'document') && rows.some((r) => r.source_type === 'transcript');
        const found = planted(rows);
        // Raw again means every source re-indexed: all values found, and no placeholder left in any passage.
        const masked = rows.some((r) => /\[(EMAIL|PHONE|CARD|IBAN)_\d+\]/.test(r.body));
        return both && (raw ? found.length === PLANTED.length && !masked : found.length === 0) ? rows : undefined;
      },
      60_000,
      200,
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LIMIT: '10000', AI_EMBEDDINGS_PROVIDER: 'local' } });
    owner = await register(t);
    await request(t.server).patch('/api/v1/tenants/current').set(bearer(owner)).send({ autoAnalyseMeetings: false }).expect(200);

    const text = [
      '# Reimbursement',
      '',
      `Expense claims go to ada.lovelace@example.com with the corporate card 4111 1111 1111 1111.`,
      '',
      '## Payments',
      '',
      `Refunds are paid to GB82 WEST 1234 5698 7654 32; questions to ada.lovelace@example.com or +44 20 7946 0958.`,
      '',
    ].join('\n');
    const accepted = (await post('/rag/documents').send({ title: 'Reimbursement policy', text }).expect(202)).body;
    expect((await settledJob(t, owner, accepted.location)).status).toBe('succeeded');
    documentId = accepted.document.id;

    meetingId = (await post('/meetings').send({ title: 'Finance sync' }).expect(201)).body.id;
    await post(`/meetings/${meetingId}/transcript`)
      .set('Content-Type', 'text/plain')
      .send(
        'Ada: The reimbursement address is ada.lovelace@example.com, call me on +44 20 7946 0958.\n' +
          'Grace: The reimbursement card is 4111 1111 1111 1111 and the account GB82 WEST 1234 5698 7654 32.',
      )
      .expect(201);
    await settled(true);
  });
  afterAll(() => t.close());

  it('is off by default: the index holds the raw text', async () => {
    const rules = (await request(t.server).get('/api/v1/masking/rules').set(bearer(owner)).expect(200)).body;
    expect(rules.applyToIndex).toBe(false);
    expect(planted(await passages())).toEqual(PLANTED);
  });

  it('turned on, re-indexes every source masked: no planted value in passages nor search hits, one placeholder per value per document', async () => {
    expect((await putRules(true).expect(200)).body.applyToIndex).toBe(true);
    const rows = await settled(false);

    const document = rows.filter((r) => r.source_type === 'document');
    expect(document.length).toBeGreaterThanOrEqual(2);
    // Pseudonyms are stable within a document: the address is the same placeholder in both sections.
    expect(document.every((r) => r.body.includes('[EMAIL_1]'))).toBe(true);
    expect(document.map((r) => r.body).join('\n')).toMatch(/\[CARD_1\][\s\S]*\[IBAN_1\][\s\S]*\[PHONE_1\]/);
    const transcript = rows.filter((r) => r.source_type === 'transcript');
    expect(transcript.map((r) => r.body).join('\n')).toMatch(/\[EMAIL_1\][\s\S]*\[PHONE_1\][\s\S]*\[CARD_1\][\s\S]*\[IBAN_1\]/);

    const hits = [...(await search('reimbursement')), ...(await search('refunds payments expense claims card account'))];
    expect(hits.map((h) => h.citation.documentId ?? h.citation.meetingId)).toEqual(expect.arrayContaining([documentId, meetingId]));
    const served = JSON.stringify(hits);
    for (const value of PLANTED) expect(served).not.toContain(value);
    // The placeholder is searchable: the same value is findable across the document's passages by its pseudonym.
    expect((await search('EMAIL_1')).length).toBeGreaterThan(0);
  });

  it('saved again unchanged, stays masked; turned off, re-indexes with the raw text', async () => {
    await putRules(true).expect(200);
    expect(planted(await passages())).toEqual([]);

    expect((await putRules(false).expect(200)).body.applyToIndex).toBe(false);
    const rows = await settled(true);
    expect(rows.some((r) => r.body.includes('[EMAIL_1]'))).toBe(false);
    const served = JSON.stringify(await search('reimbursement'));
    expect(served).toContain('ada.lovelace@example.com');
  });
});
