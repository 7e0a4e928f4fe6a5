import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import {
  buildDenseQuery,
  buildLexicalQuery,
  chunkTranscript,
  FEEDBACK,
  fixedTurnWindows,
  type LexicalQueryOptions,
  ragChunkEmbeddingsSchema,
  ragChunksSchema,
  reciprocalRankFusion,
  type TranscriptChunk,
  unitVector,
} from '@quorum/rag';
import { hashedEmbedding } from '../../libs/ai/src/providers/adapters/hashed-embedding';
import { aiHarness, TEST_CALLER } from '../../libs/ai/src/providers/testing/ai-harness.testing';
import { OpenAiProtocolServer } from '../../libs/ai/src/providers/testing/openai-protocol-server.testing';
import { Bm25Index } from './bm25';
import { datasetsDir, loadQmsum, MissingDataError, type QmsumMeeting, type QmsumQuestion, type Split } from './datasets';
import { firstHitRank, overlapsEvidence, type RetrievalScores, retrievalScores } from './retrieval-metrics';

/**
 * `npm run eval:rag`: the lexical leg of the knowledge base on QMSum's validation meetings (../shared/datasets or
 * EVAL_DATA_DIR). Every meeting is chunked and loaded into the production table shape in a scratch PostgreSQL database
 * (TEST_DATABASE_URL's server; created and dropped by the run); each specific question is asked within its meeting and
 * across all meetings, and a passage is a hit when its turns overlap the question's evidence spans. The BM25 baseline
 * runs in memory over the same 5-turn passages. A dense leg runs too, with a stand-in for an embeddings model: an
 * OpenAI-protocol server started here on a free port that answers with hashedEmbedding vectors (lexical feature hashing,
 * not a semantic model), reached through AiService and the OpenAI SDK as the app reaches a real one; and the hybrid of
 * both legs by reciprocal-rank fusion (RAG_FUSION_* defaults). Figures for dev (looked at while developing), held-out and all meetings;
 * `EVAL_RAG_DEV_ONLY=1` asks only the dev questions (for development). Prints Markdown; writes nothing else.
 */

const SPLITS: readonly (Split | 'all')[] = ['dev', 'held-out', 'all'];
const out = (text = '') => process.stdout.write(`${text}\n`);
const table = (header: string[], rows: string[][]) =>
  [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
const fixed = (value: number, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** Annotation markers of the transcripts ({vocalsound}, {disfmarker}, …) are not words anyone said; every system gets the text without them. */
const plain = (text: string) =>
  text
    .replace(/\{[a-z_]+\}/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();

interface Asked {
  meeting: QmsumMeeting;
  question: QmsumQuestion;
}
type Scope = 'within' | 'across';
type Ranker = (asked: Asked, scope: Scope) => Promise<{ meeting: string; turns: number[] }[]>;

const TENANTS = { speakerAware: randomUUID(), fiveTurns: randomUUID(), fiveTurnsNoSpeakers: randomUUID() };
/** The passages' turns without their `Speaker: ` labels (as the BM25 baseline indexes them). */
const withoutSpeakers = (text: string) => text.replace(/^[^:\n]*: /gm, '');

async function load(db: Client, meetings: readonly QmsumMeeting[], ids: Map<string, string>) {
  const passages = new Map<string, { speakerAware: TranscriptChunk[]; fiveTurns: TranscriptChunk[] }>();
  for (const meeting of meetings) {
    const speakerAware = chunkTranscript(meeting.segments);
    const fiveTurns = fixedTurnWindows(meeting.segments, 5);
    passages.set(meeting.name, { speakerAware, fiveTurns });
    for (const [tenant, chunks] of [
      [TENANTS.speakerAware, speakerAware],
      [TENANTS.fiveTurns, fiveTurns],
      [TENANTS.fiveTurnsNoSpeakers, fiveTurns.map((c) => ({ ...c, text: withoutSpeakers(c.text) }))],
    ] as const) {
      await db.query(
        `INSERT INTO rag_chunks (tenant_id, source_type, source_id, chunk_index, title, body, words, segment_ids, speakers, start_ms, end_ms)
         SELECT $1, 'meeting', $2, c.i, $3, c.body, c.words, string_to_array(c.segments, ','), string_to_array(c.speakers, '|'), c.start_ms, c.end_ms
         FROM unnest($4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::int[], $10::int[])
           AS c(i, body, words, segments, speakers, start_ms, end_ms)`,
        [
          tenant,
          ids.get(meeting.name),
          meeting.name,
          chunks.map((c) => c.index),
          chunks.map((c) => c.text),
          chunks.map((c) => c.words),
          chunks.map((c) => c.segmentIds.join(',')),
          chunks.map((c) => c.speakers.join('|')),
          chunks.map((c) => c.startMs),
          chunks.map((c) => c.endMs),
        ],
      );
    }
  }
  await db.query('ANALYZE rag_chunks');
  return passages;
}

function lexicalRanker(
  db: Client,
  tenantId: string,
  ids: Map<string, string>,
  names: Map<string, string>,
  options: Partial<LexicalQueryOptions>,
): Ranker {
  return async ({ meeting, question }, scope) => {
    const query = buildLexicalQuery({
      ...options,
      tenantId,
      query: question.query,
      topK: 10,
      filters: scope === 'within' ? { sourceIds: [ids.get(meeting.name)!] } : undefined,
    });
    const result = await db.query<{ source_id: string; segment_ids: string[] }>(query.sql, query.params);
    return result.rows.map((row) => ({ meeting: names.get(row.source_id)!, turns: row.segment_ids.map(Number) }));
  };
}

/** The stand-in model's name as vectors are stored under it (`provider:model`, see libs/rag/src/embeddings/dense-model.ts). */
const STAND_IN = { provider: 'openai', model: 'hashed-stand-in' } as const;
const STAND_IN_KEY = `${STAND_IN.provider}:${STAND_IN.model}`;
/** Each leg's depth for fusion, as RetrievalService fuses (FUSION_DEPTH). */
const FUSION_DEPTH = 50;

type Embed = (texts: string[]) => Promise<number[][]>;

/** Vectors for every passage of `tenantId`, stored as the embedding job stores them (unit length, by model). */
async function embedPassages(db: Client, tenantId: string, embed: Embed): Promise<void> {
  const rows = (
    await db.query<{ id: string; body: string }>('SELECT id, body FROM rag_chunks WHERE tenant_id = $1 ORDER BY id', [tenantId])
  ).rows;
  for (let start = 0; start < rows.length; start += 256) {
    const batch = rows.slice(start, start + 256);
    const vectors = (await embed(batch.map((r) => r.body))).map(unitVector);
    await db.query(
      `INSERT INTO rag_chunk_embeddings (chunk_id, model, tenant_id, dimension, vector)
       SELECT c.id, $2, $1, $3, (SELECT array_agg(x::real ORDER BY o) FROM jsonb_array_elements_text(c.v) WITH ORDINALITY AS t(x, o))
       FROM jsonb_to_recordset($4::jsonb) AS c(id bigint, v jsonb)`,
      [tenantId, STAND_IN_KEY, vectors[0].length, JSON.stringify(batch.map((r, i) => ({ id: r.id, v: vectors[i] })))],
    );
  }
  await db.query('ANALYZE rag_chunk_embeddings');
}

interface LegRow {
  id: string;
  source_id: string;
  segment_ids: string[];
}

/** The dense leg and the hybrid over one tenant's passages; a question is embedded once for both. */
function denseRankers(db: Client, tenantId: string, ids: Map<string, string>, names: Map<string, string>, embed: Embed) {
  const vectors = new Map<string, Promise<number[]>>();
  const vectorOf = (query: string) => {
    let vector = vectors.get(query);
    if (!vector) vectors.set(query, (vector = embed([query]).then(([v]) => unitVector(v))));
    return vector;
  };
  const filtersOf = (meeting: QmsumMeeting, scope: Scope) => (scope === 'within' ? { sourceIds: [ids.get(meeting.name)!] } : undefined);
  const denseRows = async ({ meeting, question }: Asked, scope: Scope, topK: number) => {
    const query = buildDenseQuery({
      tenantId,
      model: STAND_IN_KEY,
      vector: await vectorOf(question.query),
      topK,
      filters: filtersOf(meeting, scope),
    });
    return (await db.query<LegRow>(query.sql, query.params)).rows;
  };
  const toHit = (row: LegRow) => ({ meeting: names.get(row.source_id)!, turns: row.segment_ids.map(Number) });
  const dense: Ranker = async (asked, scope) => (await denseRows(asked, scope, 10)).map(toHit);
  const hybrid: Ranker = async (asked, scope) => {
    const lexicalQuery = buildLexicalQuery({
      tenantId,
      query: asked.question.query,
      topK: FUSION_DEPTH,
      filters: filtersOf(asked.meeting, scope),
    });
    const [lexical, denseList] = await Promise.all([
      db.query<LegRow>(lexicalQuery.sql, lexicalQuery.params).then((r) => r.rows.map((row) => ({ ...row, id: String(row.id) }))),
      denseRows(asked, scope, FUSION_DEPTH).then((rows) => rows.map((row) => ({ ...row, id: String(row.id) }))),
    ]);
    return reciprocalRankFusion({ lexical, dense: denseList }, { lexical: 1, dense: 1, k: 60 })
      .slice(0, 10)
      .map((f) => toHit(f.item));
  };
  return { dense, hybrid };
}

function bm25Ranker(meetings: readonly QmsumMeeting[], passages: Map<string, { fiveTurns: TranscriptChunk[] }>): Ranker {
  const entries = (m: QmsumMeeting) =>
    passages.get(m.name)!.fiveTurns.map((c) => ({ meeting: m.name, turns: c.segmentIds.map(Number), text: c.text }));
  // The baseline indexes the turns' words only (the speaker-labelled lines minus their labels), as plain BM25 would.
  const bodyOf = withoutSpeakers;
  const perMeeting = new Map(meetings.map((m) => [m.name, entries(m)]));
  const indexes = new Map([...perMeeting].map(([name, list]) => [name, new Bm25Index(list.map((e) => bodyOf(e.text)))]));
  const everything = meetings.flatMap(entries);
  const global = new Bm25Index(everything.map((e) => bodyOf(e.text)));
  return ({ meeting, question }, scope) => {
    if (scope === 'within') {
      const list = perMeeting.get(meeting.name)!;
      return Promise.resolve(
        indexes
          .get(meeting.name)!
          .search(question.query, 10)
          .map((i) => list[i]),
      );
    }
    return Promise.resolve(global.search(question.query, 10).map((i) => everything[i]));
  };
}

async function main(): Promise<void> {
  let meetings: QmsumMeeting[];
  try {
    meetings = loadQmsum().map((m) => ({ ...m, segments: m.segments.map((s) => ({ ...s, text: plain(s.text) })) }));
  } catch (error) {
    if (!(error instanceof MissingDataError)) throw error;
    process.stderr.write(`${error.message}: put the datasets in ../shared/datasets beside the repository, or set EVAL_DATA_DIR.\n`);
    process.exit(2);
  }
  const devOnly = process.env.EVAL_RAG_DEV_ONLY === '1';
  const asked: Asked[] = meetings
    .filter((m) => !devOnly || m.split === 'dev')
    .flatMap((meeting) => meeting.questions.map((question) => ({ meeting, question })));

  const server = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `quorum_eval_rag_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  const db = new Client({ connectionString: url.toString() });
  const standIn = new OpenAiProtocolServer();
  standIn.embedder = (text) => hashedEmbedding(text);
  try {
    await db.connect();
    await standIn.start();
    for (const statement of [...ragChunksSchema(), ...ragChunkEmbeddingsSchema()]) await db.query(statement);
    const ids = new Map(meetings.map((m) => [m.name, randomUUID()]));
    const names = new Map([...ids].map(([name, id]) => [id, name]));
    const passages = await load(db, meetings, ids);
    const { ai } = aiHarness({ OPENAI_BASE_URL: standIn.baseUrl, AI_EMBEDDINGS_PROVIDER: STAND_IN_KEY, AI_TIMEOUT_MS: '60000' });
    const embed: Embed = async (texts) => {
      const answer = await ai.embed(texts, TEST_CALLER, [STAND_IN]);
      if (answer.provider !== STAND_IN.provider) throw new Error('the stand-in embeddings server did not answer');
      return answer.vectors;
    };
    const embedStarted = performance.now();
    for (const tenant of [TENANTS.fiveTurns, TENANTS.speakerAware]) await embedPassages(db, tenant, embed);
    const embedSeconds = (performance.now() - embedStarted) / 1000;
    const fiveTurnsDense = denseRankers(db, TENANTS.fiveTurns, ids, names, embed);
    const speakerAwareDense = denseRankers(db, TENANTS.speakerAware, ids, names, embed);

    const systems: [string, Ranker][] = [
      ['BM25, 5-turn passages (baseline)', bm25Ranker(meetings, passages)],
      ['lexical leg, 5-turn passages, speaker names not indexed', lexicalRanker(db, TENANTS.fiveTurnsNoSpeakers, ids, names, {})],
      ['lexical leg + feedback, 5-turn passages', lexicalRanker(db, TENANTS.fiveTurns, ids, names, { feedback: FEEDBACK })],
      ['**lexical leg**, 5-turn passages', lexicalRanker(db, TENANTS.fiveTurns, ids, names, {})],
      ['**lexical leg**, speaker-aware passages', lexicalRanker(db, TENANTS.speakerAware, ids, names, {})],
      ['dense leg (stand-in: hashed lexical vectors), 5-turn passages', fiveTurnsDense.dense],
      ['hybrid: lexical + dense stand-in (RRF, k = 60, 1:1), 5-turn passages', fiveTurnsDense.hybrid],
      ['dense leg (stand-in), speaker-aware passages', speakerAwareDense.dense],
      ['hybrid (stand-in), speaker-aware passages', speakerAwareDense.hybrid],
    ];
    const results = new Map<string, Map<Scope, (number | null)[]>>();
    const timings = new Map<string, number[]>();
    for (const [name, rank] of systems) {
      const byScope = new Map<Scope, (number | null)[]>();
      for (const scope of ['within', 'across'] as const) {
        const ranks: (number | null)[] = [];
        for (const a of asked) {
          const started = performance.now();
          const ranking = await rank(a, scope);
          if (!name.startsWith('BM25')) timings.set(name, [...(timings.get(name) ?? []), performance.now() - started]);
          ranks.push(firstHitRank(ranking, (p) => p.meeting === a.meeting.name && overlapsEvidence(p.turns, a.question.evidence)));
        }
        byScope.set(scope, ranks);
      }
      results.set(name, byScope);
    }

    const cell = (s: RetrievalScores) => `${fixed(100 * s.recallAt5, 1)} / ${fixed(100 * s.recallAt10, 1)} / ${fixed(s.mrr)}`;
    const inSplit = (split: Split | 'all') => asked.map((a) => split === 'all' || a.meeting.split === split);
    const scoresOf = (name: string, scope: Scope, split: Split | 'all') => {
      const keep = inSplit(split);
      return retrievalScores(
        results
          .get(name)!
          .get(scope)!
          .filter((_r, i) => keep[i]),
      );
    };
    const count = (split: Split | 'all') => inSplit(split).filter(Boolean).length;
    const meetingCount = (split: Split | 'all') => meetings.filter((m) => split === 'all' || m.split === split).length;
    const words = (key: 'speakerAware' | 'fiveTurns') => {
      const all = [...passages.values()].flatMap((p) => p[key]);
      return `${all.length} passages, ${fixed(all.reduce((s, c) => s + c.words, 0) / all.length, 0)} words on average`;
    };

    out('# Knowledge base retrieval: the lexical leg, a dense leg and their fusion on QMSum\n');
    out(`- data: ${datasetsDir()} (${meetings.length} QMSum validation meetings, ${asked.length} specific questions with evidence spans)`);
    out('- split: in file-name order, even positions are dev (looked at while developing), odd ones held out');
    out(`- passages: 5-turn windows ${words('fiveTurns')}; speaker-aware ${words('speakerAware')}`);
    out(
      `- dense leg: a STAND-IN embeddings model, an OpenAI-protocol server on ${standIn.origin} answering with hashedEmbedding ` +
        `(${hashedEmbedding('x').length} dimensions; lexical feature hashing of words and word pairs, NOT a semantic model), through AiService; ` +
        `${fixed(embedSeconds, 1)} s to embed both passage sets`,
    );
    out("- hit: a passage of the question's meeting whose turns overlap its evidence; R@k = share of questions with a hit in the first k");
    out(
      `- machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}\n`,
    );
    for (const scope of ['within', 'across'] as const) {
      out(
        scope === 'within'
          ? "## Within the question's meeting: R@5 / R@10 (%) / MRR\n"
          : `## Across all ${meetings.length} meetings: R@5 / R@10 (%) / MRR\n`,
      );
      out(
        table(
          ['system', ...SPLITS.map((s) => `${s} (${meetingCount(s)} meetings, ${count(s)} questions)`)],
          systems.map(([name]) => [name, ...SPLITS.map((s) => (count(s) ? cell(scoresOf(name, scope, s)) : 'n/a'))]),
        ),
      );
      out();
    }
    out('## Query time (PostgreSQL, both scopes; a question is embedded once, timed in whichever of dense and hybrid asks first)\n');
    out(
      table(
        ['system', 'p50', 'p95'],
        [...timings].map(([name, times]) => {
          const sorted = [...times].sort((a, b) => a - b);
          const at = (q: number) => `${sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1)} ms`;
          return [name, at(0.5), at(0.95)];
        }),
      ),
    );
  } finally {
    await standIn.close();
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  }
}

void main();
