import { ragChunksSchema } from './chunks-schema';
import { buildLexicalQuery, queryTerms } from './lexical-query';

describe('queryTerms', () => {
  it('keeps content words, drops question words, folds case and apostrophes', () => {
    expect(queryTerms("What did the Professor think about the team's budget? Summarize the budget.")).toEqual([
      'the',
      'professor',
      'about',
      'teams',
      'budget',
    ]);
  });
});

it('keeps accented words whole', () => {
  expect(queryTerms('Le résumé du café')).toEqual(['le', 'résumé', 'du', 'café']);
});

describe('buildLexicalQuery', () => {
  it('parameterises everything and filters every read of the table by tenant', () => {
    const { sql, params } = buildLexicalQuery({
      tenantId: 't-1',
      query: "x'); DROP TABLE rag_chunks; --",
      filters: { sourceIds: ['s-1'], sourceTypes: ['meeting'] },
      topK: 5,
    });
    expect(params[0]).toBe('t-1');
    expect(sql).not.toContain('DROP');
    const reads = sql.match(/FROM rag_chunks c|JOIN rag_chunks c|FROM rag_t\w+_stats \w+|JOIN rag_t\w+_stats \w+/g) ?? [];
    const tenantChecks = sql.match(/\w+\.tenant_id = \$1/g) ?? [];
    expect(reads.length).toBeGreaterThan(0);
    expect(tenantChecks.length).toBeGreaterThanOrEqual(reads.length);
    expect(params).toContainEqual(['s-1']);
    expect(sql).toMatch(/LIMIT \$\d+$/);
  });

  it('builds a single pass without feedback or proximity when asked', () => {
    const { sql } = buildLexicalQuery({ tenantId: 't', query: 'budget', proximity: false, lengthPrior: 0, diversify: false });
    expect(sql).not.toContain('fb_docs');
    expect(sql).not.toContain('near_');
    expect(sql).toContain('FROM score1 r');
  });

  it('indexes the same weighted vector as the app', () => {
    expect(ragChunksSchema()[0]).toContain("setweight(to_tsvector('english', coalesce(title, '')), 'A')");
  });

  it('bounds the candidates unless asked for every matching passage', () => {
    const bounded = buildLexicalQuery({ tenantId: 't', query: 'budget', candidates: 500 });
    expect(bounded.params).toContain(500);
    expect(bounded.sql).toMatch(/LIMIT \$\d+\)/);
    // Under a filter, tenant-wide frequencies say nothing of the scope: a probe looks whether it fits.
    expect(bounded.sql).not.toContain('probe');
    expect(buildLexicalQuery({ tenantId: 't', query: 'budget', filters: { sourceIds: ['s'] } }).sql).toContain('probe');
    const exact = buildLexicalQuery({ tenantId: 't', query: 'budget', candidates: false }).sql;
    expect(exact).not.toContain('all_words.q');
  });
});

describe('buildLexicalQuery options', () => {
  it('adds feedback, proximity, the length prior and diversity only as configured', () => {
    const all = buildLexicalQuery({ tenantId: 't', query: 'budget', feedback: { docs: 3, terms: 5, weight: 0.2 } }).sql;
    for (const part of ['fb_docs', 'hits2', 'near_bonus', 'score_len', 'div_ranked']) expect(all).toContain(part);
    const defaults = buildLexicalQuery({ tenantId: 't', query: 'budget' }).sql;
    expect(defaults).not.toContain('fb_docs');
    expect(defaults).toContain('near_bonus');
  });
});
