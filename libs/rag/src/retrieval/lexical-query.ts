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
   * goes after the others (it mostly repeats the context the better one brings). A meeting is two sources here, its transcript and
   * its analysis, each numbered from 0: the summary is not the transcript's opening passage's neighbour. `false` to rank by score alone.
   */
  diversify?: { neighbours: number } | false;
  /**
   * Length prior: `lengthPrior` × ln(1 + words) is added to the score of every matching passage, against BM25's pull
   * towards very short passages (a few backchannel turns with one query word rarely hold an answer). 0 for none.
   */
  lengthPrior?: number;
  /**
   * Candidate budget: at most about this many passages per candidate source are scored (see buildLexicalQuery);
   * `false` scores every passage in scope that holds any of the question's words (exact, and slow at scale).
   */
  candidates?: number | false;
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
/** Chosen for speed at 100,000 passages a tenant (docs/benchmarks.md §6), where scoring costs about 6 µs a passage. */
export const DEFAULT_CANDIDATES = 1000;

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
 * not contain every word, and optionally a second pass expanded by pseudo-relevance feedback. Document frequencies, the
 * passage count and the mean length are the tenant's, read from `rag_term_stats` and `rag_tenant_stats` (kept by
 * triggers on `rag_chunks`) rather than counted per question; under a filter with a small scope, the scope's.
 *
 * Candidates first, then exact scores on them. At 100,000 passages a common word is in tens of thousands of them, so
 * the statement scores at most `candidates` of them: every passage holding any of the words when they fit (then it is
 * exactly BM25), otherwise those holding all the words, then two of them, then the rarest ones. Scoring cuts only the
 * question's lexemes out of each candidate's tsvector (ts_filter on weights set for them), not the whole vector. Every
 * part of the statement is restricted to `tenant_id = $1` and the filters: another tenant's passages or statistics are
 * never read.
 *
 * Returns the top passages with their citation fields and `score`, best first (ties by id).
 */
export function buildLexicalQuery(options: LexicalQueryOptions): SqlQuery {
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
  const filtered = conditions.length > 1;
  const scope = conditions.join(' AND ');
  const k1 = p(options.k1 ?? 1.2);
  const b = p(options.b ?? 0.75);
  const titleWeight = p(options.titleWeight ?? 2);
  const limit = Math.max(1, Math.floor(options.topK ?? 10));
  const topK = p(limit);
  const budgetOption = options.candidates === undefined ? DEFAULT_CANDIDATES : options.candidates;
  const budget = budgetOption === false ? undefined : p(Math.max(limit, Math.floor(budgetOption)));
  // Proximity and diversity re-rank this many of the best passages (never fewer than asked for).
  let poolParam: string | undefined;
  const pool = () => (poolParam ??= p(Math.max(100, limit)));

  const idf = (df: string) => `ln(1 + (s.n - ${df} + 0.5) / (${df} + 0.5))`;
  /**
   * What scoring needs of a passage, read once: its length; the terms' occurrences in the title (weight A) and in the
   * body (weight B), each part filtered on its weight, the terms' weight set to D and only D kept, then weighted back
   * (`tfv`: its positions are shifted by the concatenation); and the terms' true positions (`qv`), for proximity.
   */
  const fields = (lexemes: string) => `c.id, c.words,
    setweight(ts_filter(setweight(ts_filter(c.search, '{a}'), 'D', ${lexemes}.lexemes), '{d}'), 'A') ||
      setweight(ts_filter(setweight(ts_filter(c.search, '{b}'), 'D', ${lexemes}.lexemes), '{d}'), 'B') AS tfv,
    ts_filter(setweight(c.search, 'D', ${lexemes}.lexemes), '{d}') AS qv`;
  /** Passages in scope matching the tsquery `q` of the CTE `tsq` (the statement's ordering of them is the index's). */
  const matching = (tsq: string, lexemes: string) =>
    `SELECT ${fields(lexemes)} FROM rag_chunks c CROSS JOIN ${tsq} CROSS JOIN ${lexemes} WHERE ${scope} AND c.search @@ ${tsq}.q`;
  /** Each candidate's occurrences of the terms, title occurrences weighted. */
  const hitsOf = (terms: string, candidates: string) => `
  SELECT k.id, k.words, t.lexeme, q.qw, q.df,
    array_length(t.positions, 1) + (${titleWeight}::float8 - 1) * coalesce(array_length(array_positions(t.weights, 'A'), 1), 0) AS tf
  FROM ${candidates} k
  CROSS JOIN LATERAL unnest(k.tfv) AS t(lexeme, positions, weights)
  JOIN ${terms} q ON q.lexeme = t.lexeme`;
  const scoreOf = (hits: string) => `
  SELECT h.id, max(h.words) AS words, sum(h.qw * ${idf('h.df')} * h.tf * (${k1}::float8 + 1) /
    (h.tf + ${k1}::float8 * (1 - ${b}::float8 + ${b}::float8 * h.words / s.avgdl))) AS score
  FROM ${hits} h CROSS JOIN stats s
  GROUP BY h.id`;
  /** The candidates over a set of terms (see the function's comment); `extra` names more passages to score. */
  const candidatesOf = (terms: string, prefix: string, extra?: string) => {
    const lexemes = `${prefix}lexemes`;
    const words = (name: string, from: string, join: string) =>
      `${prefix}${name} AS (SELECT string_agg(quote_literal(lexeme), ' ${join} ')::tsquery AS q FROM ${from})`;
    const parts = [`${lexemes} AS (SELECT array_agg(lexeme) AS lexemes FROM ${terms})`, words('any_words', terms, '|')];
    let sources: string[];
    if (!budget) {
      sources = [matching(`${prefix}any_words`, lexemes)];
    } else {
      parts.push(
        // The rarest words, as many as their document frequencies fit in the budget, and at least one.
        `${prefix}selective AS (
  SELECT lexeme FROM (
    SELECT lexeme, row_number() OVER w AS rank, sum(df) OVER w AS reach FROM ${terms} WINDOW w AS (ORDER BY df, lexeme)
  ) t
  WHERE rank = 1 OR reach <= ${budget})`,
        words('rare_words', `${prefix}selective`, '|'),
        words('all_words', terms, '&'),
        // Pairs among the rarer words only (those whose frequencies add up to ten budgets, and at least two): the
        // index reads every posting of the words in a disjunction, and pairs of common words cost a full scan of them.
        `${prefix}pairable AS (
  SELECT lexeme FROM (
    SELECT lexeme, row_number() OVER w AS rank, sum(df) OVER w AS reach FROM ${terms} WINDOW w AS (ORDER BY df, lexeme)
  ) t
  WHERE rank <= 2 OR reach <= 10 * ${budget})`,
        `${prefix}pair_words AS (
  SELECT string_agg('(' || quote_literal(a.lexeme) || ' & ' || quote_literal(b.lexeme) || ')', ' | ')::tsquery AS q
  FROM ${prefix}pairable a JOIN ${prefix}pairable b ON a.lexeme < b.lexeme)`,
      );
      // Past the budget, it goes first to passages with all the words, then to those with two of them, then to those
      // with the rarest (BM25 ranks a passage with several of the words above one with a single rare word, mostly).
      const prioritised = `SELECT * FROM (
    (${matching(`${prefix}all_words`, lexemes)})
    UNION ALL (${matching(`${prefix}pair_words`, lexemes)})
    UNION ALL (${matching(`${prefix}rare_words`, lexemes)})
  ) p`;
      if (filtered) {
        // Tenant-wide frequencies say nothing of a filtered scope: look whether everything matching in it fits.
        parts.push(`${prefix}probe AS (${matching(`${prefix}any_words`, lexemes)} LIMIT ${budget} + 1)`);
        const fits = `(SELECT count(*) FROM ${prefix}probe) <= ${budget}`;
        sources = [`SELECT * FROM ${prefix}probe WHERE ${fits}`, `${prioritised} WHERE NOT ${fits} LIMIT ${budget}`];
      } else {
        const fits = `(SELECT coalesce(sum(df), 0) FROM ${terms}) <= ${budget}`;
        sources = [`${matching(`${prefix}any_words`, lexemes)} AND ${fits}`, `${prioritised} WHERE NOT ${fits} LIMIT ${budget}`];
      }
    }
    if (extra)
      sources.push(`SELECT ${fields(lexemes)} FROM rag_chunks c JOIN ${extra} e ON e.id = c.id CROSS JOIN ${lexemes} WHERE ${scope}`);
    parts.push(`${prefix}candidates AS (
  SELECT DISTINCT ON (id) * FROM (
  (${sources.join(')\n  UNION ALL\n  (')})
  ) x ORDER BY id)`);
    return parts;
  };

  /**
   * The statistics BM25 uses. Unfiltered, the tenant's. Under a filter whose scope is small enough to count (at most
   * ten budgets of passages, all its matching passages among the candidates), the scope's: within one meeting, a word
   * the whole meeting uses tells its passages apart less than the tenant's frequencies say.
   */
  const statistics = () => {
    if (!filtered) return ['stats AS (SELECT n, avgdl, false AS scoped FROM tenant_stats)'];
    const cap = budget ? `${budget} * 10` : p(10 * DEFAULT_CANDIDATES);
    const complete = budget ? ` AND (SELECT count(*) FROM probe) <= ${budget}` : '';
    return [
      `scope_size AS (
  SELECT count(*)::float8 AS n, coalesce(avg(x.words), 1)::float8 AS avgdl
  FROM (SELECT c.words FROM rag_chunks c WHERE ${scope} LIMIT ${cap} + 1) x)`,
      `stats AS (
  SELECT CASE WHEN k.scoped THEN greatest(z.n, 1) ELSE t.n END AS n, CASE WHEN k.scoped THEN z.avgdl ELSE t.avgdl END AS avgdl, k.scoped
  FROM tenant_stats t CROSS JOIN scope_size z CROSS JOIN LATERAL (SELECT z.n <= ${cap}${complete} AS scoped) k)`,
    ];
  };
  /** The terms with the document frequencies of the statistics in use (in scope: counted over its candidates). */
  const scoredTerms = (terms: string, candidates: string, name: string) =>
    filtered
      ? `${name} AS (
  SELECT t.lexeme, t.qw, CASE WHEN s.scoped THEN coalesce(d.df, 0) ELSE t.df END AS df
  FROM ${terms} t CROSS JOIN stats s
  LEFT JOIN (
    SELECT x.lexeme, count(*)::float8 AS df FROM ${candidates} k CROSS JOIN LATERAL unnest(tsvector_to_array(k.qv)) AS x(lexeme)
    GROUP BY x.lexeme
  ) d ON d.lexeme = t.lexeme)`
      : `${name} AS (SELECT lexeme, qw, df FROM ${terms})`;

  const ctes = [
    // Lexemes the tenant never indexed match nothing and drop out here.
    `terms AS (
  SELECT q.lexeme, 1.0::float8 AS qw, st.df::float8 AS df
  FROM (SELECT DISTINCT t.lexeme FROM unnest(to_tsvector('english', ${words})) AS t(lexeme, positions, weights)) q
  JOIN rag_term_stats st ON st.tenant_id = ${tenant} AND st.lexeme = q.lexeme
  WHERE st.df > 0)`,
    `tenant_stats AS (
  SELECT greatest(coalesce(max(ts.chunks), 0), 1)::float8 AS n,
    coalesce(max(ts.words)::float8 / nullif(max(ts.chunks), 0), 1) AS avgdl
  FROM rag_tenant_stats ts WHERE ts.tenant_id = ${tenant})`,
    ...candidatesOf('terms', ''),
    ...statistics(),
    scoredTerms('terms', 'candidates', 'scored_terms'),
    `hits1 AS (${hitsOf('scored_terms', 'candidates')})`,
    `score1 AS (${scoreOf('hits1')})`,
  ];
  let final = 'score1';
  let candidates = 'candidates';
  const feedback = options.feedback ?? false;
  if (feedback && feedback.docs > 0 && feedback.terms > 0) {
    const docs = p(Math.floor(feedback.docs));
    const count = p(Math.floor(feedback.terms));
    const weight = p(feedback.weight);
    ctes.push(
      `fb_docs AS (SELECT id FROM score1 ORDER BY score DESC, id LIMIT ${docs})`,
      // Candidate terms: plain words of the feedback passages that are not already in the query, most frequent there first.
      `fb_terms AS (
  SELECT t.lexeme, sum(array_length(t.positions, 1))::float8 AS tf
  FROM rag_chunks c
  JOIN fb_docs f ON f.id = c.id
  CROSS JOIN LATERAL unnest(c.search) AS t(lexeme, positions, weights)
  WHERE c.tenant_id = ${tenant} AND t.lexeme ~ '^[a-z][a-z0-9]{2,}$' AND t.lexeme NOT IN (SELECT lexeme FROM terms)
  GROUP BY t.lexeme
  ORDER BY tf DESC, t.lexeme
  LIMIT 50)`,
      `fb_scored AS (
  SELECT f.lexeme, st.df::float8 AS df, f.tf * ${idf('st.df')} AS w
  FROM fb_terms f
  JOIN rag_term_stats st ON st.tenant_id = ${tenant} AND st.lexeme = f.lexeme
  CROSS JOIN stats s
  WHERE st.df > 0)`,
      `expansion AS (SELECT lexeme, df, w FROM fb_scored WHERE w > 0 ORDER BY w DESC, lexeme LIMIT ${count})`,
      `terms2 AS (
  SELECT lexeme, qw, df FROM terms
  UNION ALL
  SELECT lexeme, ${weight}::float8 * w / max(w) OVER (), df FROM expansion)`,
      // The second pass scores the first pass's candidates again, with the expanded terms, and those the new terms find.
      ...candidatesOf('terms2', 'fb_', 'candidates'),
      scoredTerms('terms2', 'fb_candidates', 'fb_scored_terms'),
      `hits2 AS (${hitsOf('fb_scored_terms', 'fb_candidates')})`,
      `score2 AS (${scoreOf('hits2')})`,
    );
    final = 'score2';
    candidates = 'fb_candidates';
  }

  const lengthPrior = options.lengthPrior ?? DEFAULT_LENGTH_PRIOR;
  if (lengthPrior > 0) {
    ctes.push(`score_len AS (SELECT r.id, r.score + ${p(lengthPrior)}::float8 * ln(1 + r.words) AS score FROM ${final} r)`);
    final = 'score_len';
  }

  const proximity = options.proximity === undefined ? DEFAULT_PROXIMITY : options.proximity;
  if (proximity && proximity.weight > 0) {
    const window = p(Math.max(1, Math.floor(proximity.window)));
    const weight = p(proximity.weight);
    ctes.push(
      `near_docs AS (SELECT id, score FROM ${final} ORDER BY score DESC, id LIMIT ${pool()})`,
      `near_positions AS (
  SELECT k.id, t.lexeme, unnest(t.positions)::int AS pos
  FROM ${candidates} k JOIN near_docs n ON n.id = k.id
  CROSS JOIN LATERAL unnest(k.qv) AS t(lexeme, positions, weights)
  JOIN terms q ON q.lexeme = t.lexeme)`,
      `near_pairs AS (
  SELECT DISTINCT a.id, a.lexeme AS la, b.lexeme AS lb
  FROM near_positions a JOIN near_positions b ON b.id = a.id AND b.lexeme > a.lexeme AND abs(b.pos - a.pos) <= ${window})`,
      `near_bonus AS (
  SELECT n.id, sum(least(${idf('da.df')}, ${idf('db.df')})) AS bonus
  FROM near_pairs n JOIN scored_terms da ON da.lexeme = n.la JOIN scored_terms db ON db.lexeme = n.lb CROSS JOIN stats s
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
  SELECT r.id, r.score, c.source_type, c.source_id, c.chunk_index
  FROM ${final} r JOIN rag_chunks c ON c.id = r.id AND c.tenant_id = ${tenant}
  ORDER BY r.score DESC, r.id LIMIT ${pool()})`,
      `div_ranked AS (
  SELECT a.id, a.score, EXISTS (
    SELECT 1 FROM div_top b
    WHERE b.source_id = a.source_id AND b.source_type = a.source_type AND b.id <> a.id
      AND abs(b.chunk_index - a.chunk_index) <= ${neighbours}::int
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
JOIN rag_chunks c ON c.id = r.id AND c.tenant_id = ${tenant}
ORDER BY ${order}
LIMIT ${topK}`;
  return { sql, params };
}
