import { Client } from 'pg';
import { buildLexicalQuery, type LexicalQueryOptions } from '@quorum/rag';
import { createTestDatabase, type TestDatabase } from './support/test-database';

jest.setTimeout(60_000);

/**
 * The lexical leg's statement on the migrated tables: the statistics the triggers keep, and the candidate budget
 * (exactly BM25 when everything matching fits, bounded when it does not, never another tenant's numbers).
 */
describe('lexical retrieval on the real tables', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const tenant = async (name: string) =>
    (await client.query<{ id: string }>('INSERT INTO tenants (name) VALUES ($1) RETURNING id', [name])).rows[0].id;
  const documentOf = async (tenantId: string, title: string, conn: Client = client) =>
    (
      await conn.query<{ id: string }>(
        `INSERT INTO rag_documents (tenant_id, title, format, size_bytes, sha256, status, content)
         VALUES ($1, $2, 'text', 1, repeat('0', 64), 'indexed', '\\x00'::bytea) RETURNING id`,
        [tenantId, title],
      )
    ).rows[0].id;
  const addChunks = (tenantId: string, documentId: string, title: string, bodies: string[], conn: Client = client) =>
    conn.query(
      `INSERT INTO rag_chunks (tenant_id, source_type, document_id, chunk_index, title, body, words, occurred_at)
       SELECT $1, 'document', $2, b.i - 1, $3, b.body, array_length(regexp_split_to_array(b.body, '\\s+'), 1), now()
       FROM unnest($4::text[]) WITH ORDINALITY AS b(body, i)`,
      [tenantId, documentId, title, bodies],
    );
  const search = async (options: Omit<LexicalQueryOptions, 'topK'> & { topK?: number }) => {
    const { sql, params } = buildLexicalQuery({ topK: 10, ...options });
    return (await client.query<{ id: string; score: number }>(sql, params)).rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  };

  /** The statistics as the triggers keep them, and as counted from rag_chunks; they must be equal. */
  async function statistics(tenantId: string) {
    const kept = await client.query(
      `SELECT (SELECT row(chunks, words)::text FROM rag_tenant_stats WHERE tenant_id = $1) AS totals,
              (SELECT coalesce(jsonb_object_agg(lexeme, df), '{}') FROM rag_term_stats WHERE tenant_id = $1) AS terms`,
      [tenantId],
    );
    const counted = await client.query(
      `SELECT (SELECT row(count(*), coalesce(sum(words), 0))::text FROM rag_chunks WHERE tenant_id = $1) AS totals,
              (SELECT coalesce(jsonb_object_agg(lexeme, df), '{}') FROM (
                 SELECT l.lexeme, count(*) AS df FROM rag_chunks c CROSS JOIN LATERAL unnest(tsvector_to_array(c.search)) AS l(lexeme)
                 WHERE c.tenant_id = $1 GROUP BY l.lexeme) t) AS terms`,
      [tenantId],
    );
    return { kept: kept.rows[0], counted: counted.rows[0] };
  }

  it('keeps per-tenant statistics equal to the passages through inserts, retitles, deletes and cascades', async () => {
    const a = await tenant('Stats A');
    const handbook = await documentOf(a, 'Handbook');
    await addChunks(a, handbook, 'Handbook', ['The courier collects parcels at noon', 'Laptops are renewed every three years']);
    const memo = await documentOf(a, 'Memo');
    await addChunks(a, memo, 'Memo', ['Courier invoices go to finance', 'Finance closes the books monthly']);
    let { kept, counted } = await statistics(a);
    expect(kept.terms.courier).toBe(2);
    expect(kept).toEqual(counted);

    // A retitled source changes its passages' title lexemes.
    await client.query(`UPDATE rag_chunks SET title = 'Courier handbook' WHERE document_id = $1`, [handbook]);
    ({ kept, counted } = await statistics(a));
    expect(kept.terms.courier).toBe(3);
    expect(kept.terms.handbook).toBe(2);
    expect(kept).toEqual(counted);

    // Tags alone change nothing counted; deleting the document removes its passages through the cascade.
    await client.query(`UPDATE rag_chunks SET tags = '{policy}' WHERE document_id = $1`, [memo]);
    await client.query('DELETE FROM rag_documents WHERE id = $1', [memo]);
    ({ kept, counted } = await statistics(a));
    expect(kept.terms.financ).toBeUndefined();
    expect(kept).toEqual(counted);
  });

  it('counts right when two transactions index the same tenant at once', async () => {
    const a = await tenant('Stats concurrent');
    const connections = await Promise.all(
      [0, 1, 2].map(async () => {
        const conn = new Client({ connectionString: db.url });
        await conn.connect();
        return conn;
      }),
    );
    try {
      await Promise.all(
        connections.map(async (conn, i) => {
          const documentId = await documentOf(a, `Doc ${i}`, conn);
          await conn.query('BEGIN');
          // Different vocabularies in different orders: without the tenant lock these would deadlock.
          const bodies = i % 2 ? ['zebra yak xylophone', 'apple banana cherry'] : ['apple banana cherry', 'zebra yak xylophone'];
          for (const body of bodies) await addChunks(a, documentId, `Doc ${i}`, [body], conn);
          await conn.query('COMMIT');
        }),
      );
    } finally {
      await Promise.all(connections.map((conn) => conn.end()));
    }
    const { kept, counted } = await statistics(a);
    expect(kept.terms.zebra).toBe(3);
    expect(kept).toEqual(counted);
  });

  it('scores exactly when everything matching fits the budget, and stays within it when not', async () => {
    const a = await tenant('Budget A');
    const documentId = await documentOf(a, 'Minutes');
    const bodies = Array.from({ length: 60 }, (_, i) =>
      i % 10 === 0 ? `the warehouse forklift battery failed again on shift ${i}` : `the warehouse shift ${i} went fine`,
    );
    await addChunks(a, documentId, 'Minutes', bodies);
    const exact = await search({ tenantId: a, query: 'forklift battery warehouse', candidates: false });
    expect(await search({ tenantId: a, query: 'forklift battery warehouse', candidates: 1000 })).toEqual(exact);
    // 60 passages hold "warehouse", more than a budget of 20: the six with all three words still come first.
    const bounded = await search({ tenantId: a, query: 'forklift battery warehouse', candidates: 20 });
    expect(bounded.slice(0, 6)).toEqual(exact.slice(0, 6));

    // Under a filter that leaves few passages, the probe sees they fit and the answer is exact again.
    const small = await documentOf(a, 'Small');
    await addChunks(a, small, 'Small', ['warehouse lights', 'warehouse forklift parked', 'warehouse doors']);
    const filters = { sourceIds: [small] };
    const exactSmall = await search({ tenantId: a, query: 'warehouse forklift', candidates: false, filters });
    expect(exactSmall).toHaveLength(3);
    expect(await search({ tenantId: a, query: 'warehouse forklift', candidates: 20, filters })).toEqual(exactSmall);
  });

  it("scores with the tenant's own statistics: another tenant's passages change nothing", async () => {
    const a = await tenant('Isolated A');
    const documentId = await documentOf(a, 'Notes');
    await addChunks(a, documentId, 'Notes', ['quarterly budget review', 'budget for the offsite', 'hiring plan']);
    const before = await search({ tenantId: a, query: 'budget review' });
    const b = await tenant('Isolated B');
    const other = await documentOf(b, 'Noise');
    await addChunks(
      b,
      other,
      'Noise',
      Array.from({ length: 50 }, (_, i) => `budget review number ${i}`),
    );
    expect(await search({ tenantId: a, query: 'budget review' })).toEqual(before);
    expect(before.length).toBe(2);
  });
});
