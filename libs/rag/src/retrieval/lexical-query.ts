import { identifier } from './chunks-schema';

export interface LexicalFilters {
  sourceTypes?: readonly string[];
  sourceIds?: readonly string[];
  /** Chunks where at least one of these speakers talks. */
  speakers?: readonly string[];
  /** Chunks of sources with at least one of these tags. */
  tags?: readonly string[];
  /** Said or filed at or after `from` and before `to`. */
  from?: Date;
  to?: Date;
}

export interface LexicalQueryOptions {
  tenantId: string;
  query: string;
  topK?: number;
  filters?: LexicalFilters;
  /** BM25 term-frequency saturation and length normalisation. Defaults 1.2 and 0.75. */
  k1?: number;
  b?: number;
  /** How much one occurrence in the title (weight A) counts against one in the body. Default 2. */
  titleWeight?: number;
  /**
   * Pseudo-relevance feedback: the query is expanded with the `terms` best terms (tf × idf) of the first pass's `docs`
   * best passages, each weighted at most `weight` (the original terms weigh 1). Off by default (see FEEDBACK).
   */
  feedback?: { docs: number; terms: number; weight: number } | false;
  /**
   * Proximity: each pair of distinct query terms found within `window` positions of each other in a passage adds
   * `weight` × the smaller of their idfs to its score (only the best 100 passages, or topK if more, are examined).
   */
  proximity?: { window: number; weight: number } | false;
  /**
   * Diversity: among the best 100 (or topK), a passage within `neighbours` positions of a better-scored passage of the same source
   * goes after the others (it mostly repeats the context the better one brings). `false` to rank by score alone.
   */
  diversify?: { neighbours: number } | false;
  /**
   * Length prior: `lengthPrior` × ln(1 + words) is added to the score of every matching passage, against BM25's pull
   * towards very short passages (a few backchannel turns with one query word rarely hold an answer). 0 for none.
   */
  lengthPrior?: number;
  table?: string;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** Feedback is off unless asked for: on the dev meetings it moved MRR within a meeting by −0.06 to +0.01
 * depending on its settings, and by −0.02 once the length prior was in. */
export const FEEDBACK = { docs: 3, terms: 5, weight: 0.2 } as const;
export const DEFAULT_PROXIMITY = { window: 4, weight: 1 } as const;
export const DEFAULT_LENGTH_PRIOR = 1;
export const DEFAULT_DIVERSIFY = { neighbours: 1 } as const;

/**
 * Words of questions about a text rather than of the text itself ("summarize the discussion about…", "what did A think
 * of…"). English stop words are removed by PostgreSQL's `english` configuration; these are the interrogative and
 * reporting verbs it keeps, which would otherwise match every passage where someone "thinks" or "says" something.
 */
const QUESTION_WORDS = new Set(
  (
    'summarize summarise summary summarized summarizing discuss discusses discussed discussing discussion discussions ' +
    'talk talks talked talking think thinks thinking thought thoughts say says saying said mention mentions mentioned ' +
    'mentioning describe describes described describing explain explains explained explaining opinion opinions view ' +
    'views please tell ' +
    'what whats why how when where who whom which whose did does do happen happened'
  ).split(' '),
);

/**
 * The question's content words: lower-cased letters and digits (apostrophes dropped, "what's" → "whats"), without
 * question words, deduplicated in order. Stop words stay for PostgreSQL to drop with its own list.
 */
export function queryTerms(question: string): string[] {
  const words = question
    .toLowerCase()
    .normalize('NFC')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => w && !QUESTION_WORDS.has(w));
  return [...new Set(words)];
}

/**
 * The lexical leg as one SQL statement: Okapi BM25 computed in PostgreSQL over the `search` tsvector (English stemming and
 * stop words; title occurrences weighted), with OR semantics over the question's content words so that a passage need
 * not contain every word, and optionally a second pass expanded by pseudo-relevance feedback. Document frequencies and
 * the mean length are those of the chunks in scope. Every part of the statement (the statistics, the candidates, the
 * feedback) is restricted to `tenant_id = $1` and the filters: another tenant's chunks are never read for scoring.
 *
 * Returns the top passages with their citation fields and `score`, best first (ties by id).
 */
export function buildLexicalQuery(options: LexicalQueryOptions): SqlQuery {
  const table = identifier(options.table ?? 'rag_chunks');
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const tenant = p(options.tenantId);
  const words = p(queryTerms(options.query).join(' '));
  const conditions = [`c.tenant_id = ${tenant}`];
  const filters = options.filters ?? {};
  if (filters.sourceTypes?.length) conditions.push(`c.source_type = ANY(${p([...filters.sourceTypes])}::text[])`);
  if (filters.sourceIds?.length) conditions.push(`c.source_id = ANY(${p([...filters.sourceIds])}::uuid[])`);
  if (filters.speakers?.length) conditions.push(`c.speakers && ${p([...filters.speakers])}::text[]`);
  if (filters.tags?.length) conditions.push(`c.tags && ${p([...filters.tags])}::text[]`);
  if (filters.from) conditions.push(`c.occurred_at >= ${p(filters.from)}`);
  if (filters.to) conditions.push(`c.occurred_at < ${p(filters.to)}`);
  const scope = conditions.join(' AND ');
  const k1 = p(options.k1 ?? 1.2);
  const b = p(options.b ?? 0.75);
  const titleWeight = p(options.titleWeight ?? 2);
  const limit = Math.max(1, Math.floor(options.topK ?? 10));
  const topK = p(limit);
  // Proximity and diversity re-rank this many of the best passages (never fewer than asked for).
  let poolParam: string | undefined;
  const pool = () => (poolParam ??= p(Math.max(100, limit)));

  // Term frequency of one lexeme in one chunk, title occurrences weighted.
  const tf = `(SELECT sum(CASE WHEN w = 'A' THEN ${titleWeight}::float8 ELSE 1 END) FROM unnest(t.weights) AS w)`;
  const bm25 = (hits: string, df: string) =>
    `ln(1 + (s.n - ${df}.df + 0.5) / (${df}.df + 0.5)) * ${hits}.tf * (${k1}::float8 + 1) / ` +
    `(${hits}.tf + ${k1}::float8 * (1 - ${b}::float8 + ${b}::float8 * ${hits}.words / s.avgdl))`;
  const hitsOf = (terms: string, tsq: string) => `
  SELECT c.id, c.words, t.lexeme, t.positions, q.qw, ${tf} AS tf
  FROM ${table} c
  CROSS JOIN ${tsq}
  CROSS JOIN LATERAL unnest(c.search) AS t(lexeme, positions, weights)
  JOIN ${terms} q ON q.lexeme = t.lexeme
  WHERE ${scope} AND c.search @@ ${tsq}.q`;
  const scoreOf = (hits: string, df: string) => `
  SELECT h.id, sum(h.qw * ${bm25('h', 'd')}) AS score
  FROM ${hits} h JOIN ${df} d ON d.lexeme = h.lexeme CROSS JOIN stats s
  GROUP BY h.id`;

  const ctes = [
    `terms AS (
  SELECT DISTINCT t.lexeme, 1.0::float8 AS qw FROM unnest(to_tsvector('english', ${words})) AS t(lexeme, positions, weights))`,
    `tsq AS (SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS q FROM terms)`,
    `stats AS (SELECT count(*)::float8 AS n, coalesce(avg(c.words), 1)::float8 AS avgdl FROM ${table} c WHERE ${scope})`,
    `hits1 AS (${hitsOf('terms', 'tsq')})`,
    `df1 AS (SELECT lexeme, count(*)::float8 AS df FROM hits1 GROUP BY lexeme)`,
    `score1 AS (${scoreOf('hits1', 'df1')})`,
  ];
  let final = 'score1';
  const feedback = options.feedback ?? false;
  if (feedback && feedback.docs > 0 && feedback.terms > 0) {
    const docs = p(Math.floor(feedback.docs));
    const count = p(Math.floor(feedback.terms));
    const weight = p(feedback.weight);
    ctes.push(
      `fb_docs AS (SELECT id FROM score1 ORDER BY score DESC, id LIMIT ${docs})`,
      // Candidate terms: plain words of the feedback passages that are not already in the query, most frequent there first.
      `fb_candidates AS (
  SELECT t.lexeme, sum(array_length(t.positions, 1))::float8 AS tf
  FROM ${table} c
  JOIN fb_docs f ON f.id = c.id
  CROSS JOIN LATERAL unnest(c.search) AS t(lexeme, positions, weights)
  WHERE c.tenant_id = ${tenant} AND t.lexeme ~ '^[a-z][a-z0-9]{2,}$' AND t.lexeme NOT IN (SELECT lexeme FROM terms)
  GROUP BY t.lexeme
  ORDER BY tf DESC, t.lexeme
  LIMIT 50)`,
      `fb_scored AS (
  SELECT f.lexeme, f.tf * ln(1 + (s.n - d.df + 0.5) / (d.df + 0.5)) AS w
  FROM fb_candidates f
  CROSS JOIN stats s
  CROSS JOIN LATERAL (
    SELECT count(*)::float8 AS df FROM ${table} c WHERE ${scope} AND c.search @@ quote_literal(f.lexeme)::tsquery
  ) d)`,
      `expansion AS (SELECT lexeme, w FROM fb_scored WHERE w > 0 ORDER BY w DESC, lexeme LIMIT ${count})`,
      `terms2 AS (
  SELECT lexeme, qw FROM terms
  UNION ALL
  SELECT lexeme, ${weight}::float8 * w / max(w) OVER () FROM expansion)`,
      `tsq2 AS (SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS q FROM terms2)`,
      `hits2 AS (${hitsOf('terms2', 'tsq2')})`,
      `df2 AS (SELECT lexeme, count(*)::float8 AS df FROM hits2 GROUP BY lexeme)`,
      `score2 AS (${scoreOf('hits2', 'df2')})`,
    );
    final = 'score2';
  }

  const lengthPrior = options.lengthPrior ?? DEFAULT_LENGTH_PRIOR;
  if (lengthPrior > 0) {
    ctes.push(`score_len AS (
  SELECT r.id, r.score + ${p(lengthPrior)}::float8 * ln(1 + c.words) AS score
  FROM ${final} r JOIN ${table} c ON c.id = r.id AND c.tenant_id = ${tenant})`);
    final = 'score_len';
  }

  const proximity = options.proximity === undefined ? DEFAULT_PROXIMITY : options.proximity;
  if (proximity && proximity.weight > 0) {
    const hits = ctes.some((c) => c.startsWith('hits2')) ? 'hits2' : 'hits1';
    const df = hits === 'hits2' ? 'df2' : 'df1';
    const window = p(Math.max(1, Math.floor(proximity.window)));
    const weight = p(proximity.weight);
    ctes.push(
      `near_docs AS (SELECT id, score FROM ${final} ORDER BY score DESC, id LIMIT ${pool()})`,
      `near_positions AS (
  SELECT h.id, h.lexeme, unnest(h.positions)::int AS pos
  FROM ${hits} h JOIN near_docs n ON n.id = h.id JOIN terms q ON q.lexeme = h.lexeme)`,
      `near_pairs AS (
  SELECT DISTINCT a.id, a.lexeme AS la, b.lexeme AS lb
  FROM near_positions a JOIN near_positions b ON b.id = a.id AND b.lexeme > a.lexeme AND abs(b.pos - a.pos) <= ${window})`,
      `near_bonus AS (
  SELECT n.id, sum(least(ln(1 + (s.n - da.df + 0.5) / (da.df + 0.5)), ln(1 + (s.n - db.df + 0.5) / (db.df + 0.5)))) AS bonus
  FROM near_pairs n JOIN ${df} da ON da.lexeme = n.la JOIN ${df} db ON db.lexeme = n.lb CROSS JOIN stats s
  GROUP BY n.id)`,
      `score_near AS (
  SELECT d.id, d.score + ${weight}::float8 * coalesce(b.bonus, 0) AS score
  FROM near_docs d LEFT JOIN near_bonus b ON b.id = d.id)`,
    );
    final = 'score_near';
  }

  const diversify = options.diversify === undefined ? DEFAULT_DIVERSIFY : options.diversify;
  let order = 'r.score DESC, c.id';
  let ranked = final;
  if (diversify && diversify.neighbours > 0) {
    const neighbours = p(Math.floor(diversify.neighbours));
    ctes.push(
      `div_top AS (
  SELECT r.id, r.score, c.source_id, c.chunk_index
  FROM ${final} r JOIN ${table} c ON c.id = r.id AND c.tenant_id = ${tenant}
  ORDER BY r.score DESC, r.id LIMIT ${pool()})`,
      `div_ranked AS (
  SELECT a.id, a.score, EXISTS (
    SELECT 1 FROM div_top b
    WHERE b.source_id = a.source_id AND b.id <> a.id AND abs(b.chunk_index - a.chunk_index) <= ${neighbours}::int
      AND (b.score > a.score OR (b.score = a.score AND b.id < a.id))
  ) AS repeats
  FROM div_top a)`,
    );
    ranked = 'div_ranked';
    order = 'r.repeats, r.score DESC, c.id';
  }

  const sql = `WITH ${ctes.join(',\n')}
SELECT c.id, c.source_type, c.source_id, c.chunk_index, c.title, c.body, c.segment_ids, c.speakers, c.start_ms, c.end_ms,
  c.heading_path, c.page, r.score
FROM ${ranked} r
JOIN ${table} c ON c.id = r.id AND c.tenant_id = ${tenant}
ORDER BY ${order}
LIMIT ${topK}`;
  return { sql, params };
}
