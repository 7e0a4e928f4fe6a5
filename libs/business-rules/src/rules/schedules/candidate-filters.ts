import type { ConditionNode, RuleEntity } from '../rule-definition';
import { parseDuration } from '../conditions/duration';

const DAY_MS = 86_400_000;
/** Bounds derived from durations are widened by this much: a filter must never drop a row the conditions would keep. */
const SLACK_MS = 60_000;

/** SQL-side filters a scheduled scan passes to the action-items and meetings list queries. */
export interface CandidateFilters {
  status?: string[];
  priority?: string[];
  dueFrom?: Date;
  dueTo?: Date;
  tag?: string;
}

type Leaf = { fact: string; operator: string; value: unknown };

/**
 * The filters implied by a rule's conditions, so a scheduled run reads only rows that can match: only conditions
 * every match must meet count (the leaves of a top-level `all`, or a lone leaf); `any` and `not` are left to the
 * evaluation. Each filter keeps a superset of the matches, never fewer; the conditions are still evaluated on
 * every row read.
 */
export function candidateFilters(entity: RuleEntity, conditions: ConditionNode, now: Date): CandidateFilters {
  const leaves: Leaf[] =
    'fact' in conditions ? [conditions] : 'all' in conditions ? conditions.all.filter((c): c is Leaf => 'fact' in c) : [];
  const filters: CandidateFilters = {};
  const at = now.getTime();
  const values = (leaf: Leaf): string[] | null =>
    leaf.operator === 'equal' && typeof leaf.value === 'string'
      ? [leaf.value]
      : leaf.operator === 'in' && Array.isArray(leaf.value)
        ? leaf.value.filter((v): v is string => typeof v === 'string')
        : null;
  for (const leaf of leaves) {
    if (entity === 'meeting') {
      if (leaf.fact === 'status' && !filters.status) filters.status = values(leaf) ?? undefined;
      if (leaf.fact === 'tags' && leaf.operator === 'contains' && typeof leaf.value === 'string' && !filters.tag) filters.tag = leaf.value;
      continue;
    }
    switch (leaf.fact) {
      case 'status':
        if (!filters.status) filters.status = values(leaf) ?? undefined;
        break;
      case 'priority':
        if (!filters.priority) filters.priority = values(leaf) ?? undefined;
        break;
      case 'isOpen':
        if (leaf.operator === 'equal' && leaf.value === true && !filters.status) filters.status = ['open', 'in_progress'];
        break;
      case 'dueAt': {
        const ms = parseDuration(leaf.value);
        if (ms === null) break;
        if (leaf.operator === 'olderThan') narrowTo(filters, new Date(at - ms + SLACK_MS));
        if (leaf.operator === 'withinNext') {
          narrowTo(filters, new Date(at + ms + SLACK_MS));
          if (!filters.dueFrom) filters.dueFrom = new Date(at - SLACK_MS);
        }
        break;
      }
      case 'daysOverdue': {
        // daysOverdue > n means due at least n + 1 whole days ago; >= n, n days ago. Either way the item is open.
        const n = typeof leaf.value === 'number' ? leaf.value : Number.NaN;
        const days = leaf.operator === 'greaterThan' ? n + 1 : leaf.operator === 'greaterThanInclusive' ? n : Number.NaN;
        if (!Number.isFinite(days) || days < 1) break;
        narrowTo(filters, new Date(at - days * DAY_MS + SLACK_MS));
        if (!filters.status) filters.status = ['open', 'in_progress'];
        break;
      }
    }
  }
  return filters;
}

function narrowTo(filters: CandidateFilters, to: Date): void {
  if (!filters.dueTo || to < filters.dueTo) filters.dueTo = to;
}
