import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';
import { buildDenseQuery } from './dense-query';
import type { LexicalFilters } from './lexical-query';
import { type HitRow, type LexicalHit, toHit } from './retrieval.repository';

/** Runs the dense leg's SQL (dense-query.ts); the tenant is a parameter of every part of the statement. */
@Injectable()
export class DenseRepository {
  constructor(private readonly transactions: Transactions) {}

  /** Passages as the lexical leg returns them, `score` being the cosine similarity. */
  async dense(tenantId: string, model: string, vector: readonly number[], topK: number, filters: LexicalFilters): Promise<LexicalHit[]> {
    const { sql, params } = buildDenseQuery({ tenantId, model, vector, topK, filters });
    const rows = (await this.transactions.manager.query(sql, params)) as HitRow[];
    return rows.map(toHit);
  }
}
