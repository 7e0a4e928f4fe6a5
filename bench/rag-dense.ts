import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { buildDenseQuery, ragChunkEmbeddingsSchema, ragChunksSchema, unitVector } from '@quorum/rag';

/**
 * `npm run bench:rag-dense`: what the dense leg costs. There is no vector index (no pgvector on this PostgreSQL), so
 * its statement (libs/rag/src/retrieval/dense-query.ts) computes the exact cosine similarity of every vector in scope:
 * the cost grows with passages × dimensions. For each size and dimension, passages with random unit vectors are
 * written for one tenant beside as many for another (which the statement must not read), in a scratch database on
 * TEST_DATABASE_URL's server (created and dropped), then timed: 2 warm-up queries, then `BENCH_DENSE_QUERIES` (default 7)
 * random questions over the whole tenant, and the same filtered to 10 of its 1,000 sources. Prints Markdown.
 * `BENCH_DENSE_SIZES=10000,100000` and `BENCH_DENSE_DIMENSIONS=256,768,1536` choose the grid.
 */

const out = (text = '') => process.stdout.write(`${text}\n`);
const list = (raw: string | undefined, fallback: number[]) => (raw ? raw.split(',').map(Number) : fallback);
const SIZES = list(process.env.BENCH_DENSE_SIZES, [10_000, 100_000]);
const DIMENSIONS = list(process.env.BENCH_DENSE_DIMENSIONS, [256, 768, 1536]);
const QUERIES = Number(process.env.BENCH_DENSE_QUERIES ?? 7);
const SOURCES = 1000;

const randomUnit = (dimension: number) => unitVector(Array.from({ length: dimension }, () => Math.random() * 2 - 1));

async function fill(db: Client, tenantId: string, sources: string[], count: number, dimension: number): Promise<void> {
  await db.query(
    `INSERT INTO rag_chunks (tenant_id, source_type, source_id, chunk_index, title, body, words)
     SELECT $1, 'document', ($2::uuid[])[1 + i % $4], i, 'Bench', 'passage ' || i, 2 FROM generate_series(0, $3 - 1) AS i`,
    [tenantId, sources, count, sources.length],
  );
  // Random vectors made in PostgreSQL (not normalised: the cost is the same, and nothing here reads the scores).
  await db.query(
    `INSERT INTO rag_chunk_embeddings (chunk_id, model, tenant_id, dimension, vector)
     SELECT c.id, 'bench:model', $1, $2, (SELECT array_agg((random() * 2 - 1)::real) FROM generate_series(1, $2) WHERE c.id > 0)
     FROM rag_chunks c WHERE c.tenant_id = $1`,
    [tenantId, dimension],
  );
}

async function time(db: Client, run: () => { sql: string; params: unknown[] }): Promise<number> {
  const { sql, params } = run();
  const started = performance.now();
  await db.query(sql, params);
  return performance.now() - started;
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), max: sorted[sorted.length - 1] };
}

async function main(): Promise<void> {
  const server = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `quorum_bench_dense_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  const db = new Client({ connectionString: url.toString() });
  const started = new Date();
  const loadBefore = loadavg();
  const rows: string[][] = [];
  try {
    await db.connect();
    const version = (await db.query<{ v: string }>('SHOW server_version')).rows[0].v;
    for (const size of SIZES) {
      for (const dimension of DIMENSIONS) {
        await db.query('DROP TABLE IF EXISTS rag_chunk_embeddings, rag_chunks');
        for (const statement of [...ragChunksSchema(), ...ragChunkEmbeddingsSchema()]) await db.query(statement);
        const tenant = randomUUID();
        const other = randomUUID();
        const sources = Array.from({ length: SOURCES }, () => randomUUID());
        const fillStarted = performance.now();
        await fill(db, tenant, sources, size, dimension);
        await fill(
          db,
          other,
          Array.from({ length: SOURCES }, () => randomUUID()),
          size,
          dimension,
        );
        const fillSeconds = (performance.now() - fillStarted) / 1000;
        await db.query('VACUUM ANALYZE rag_chunks');
        await db.query('VACUUM ANALYZE rag_chunk_embeddings');
        const size_ = (await db.query<{ s: string }>("SELECT pg_size_pretty(pg_total_relation_size('rag_chunk_embeddings')) AS s")).rows[0]
          .s;
        const whole = () => buildDenseQuery({ tenantId: tenant, model: 'bench:model', vector: randomUnit(dimension), topK: 10 });
        const filtered = () =>
          buildDenseQuery({
            tenantId: tenant,
            model: 'bench:model',
            vector: randomUnit(dimension),
            topK: 10,
            filters: { sourceIds: sources.slice(0, 10) },
          });
        for (let i = 0; i < 2; i++) await time(db, whole);
        const wholeTimes: number[] = [];
        for (let i = 0; i < QUERIES; i++) wholeTimes.push(await time(db, whole));
        const filteredTimes: number[] = [];
        for (let i = 0; i < QUERIES; i++) filteredTimes.push(await time(db, filtered));
        const w = stats(wholeTimes);
        const f = stats(filteredTimes);
        const perMillion = (w.p50 / (size * dimension)) * 1e6;
        rows.push([
          `${size.toLocaleString('en')} + ${size.toLocaleString('en')}`,
          String(dimension),
          size_,
          `${fillSeconds.toFixed(1)} s`,
          `${w.p50.toFixed(0)} ms`,
          `${w.max.toFixed(0)} ms`,
          `${f.p50.toFixed(1)} ms / ${f.max.toFixed(1)} ms`,
          `${perMillion.toFixed(1)} ms`,
        ]);
        process.stderr.write(`${rows.at(-1)!.join(' | ')}\n`);
      }
    }
    out('# Dense leg: exact cosine similarity in PostgreSQL (no vector index)\n');
    out(
      `- machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL ${version}; ` +
        `${started.toISOString().slice(11, 16)}–${new Date().toISOString().slice(11, 16)} UTC; load average ${loadBefore
          .map((l) => l.toFixed(2))
          .join(' / ')} before, ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' / ')} after`,
    );
    out(`- ${QUERIES} timed questions per row after 2 warm-up ones; random unit vectors; topK 10\n`);
    out(
      [
        [
          'passages (tenant + other)',
          'dimensions',
          'vectors on disk',
          'writing them',
          'query p50',
          'query max',
          'filtered to 10 sources, p50 / max',
          'p50 per million passage-dimensions',
        ],
        Array(8).fill('---'),
        ...rows,
      ]
        .map((cells) => `| ${cells.join(' | ')} |`)
        .join('\n'),
    );
  } finally {
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  }
}

void main();
