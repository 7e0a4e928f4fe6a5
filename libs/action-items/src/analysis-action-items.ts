import type { ActionItemPriority } from './entities/action-item-fields';

/** An action item an analysis found, with its assignee already resolved against the meeting's participants. */
export interface AnalysisActionItem {
  title: string;
  priority: ActionItemPriority;
  dueAt: Date | null;
  /** The first transcript segment it was found in. */
  segmentId: string;
  assigneeUserId?: string | null;
  assigneeName?: string | null;
  assigneeEmail?: string | null;
}

export interface AnalysisItemsOutcome {
  created: number;
  /** Items of earlier runs found again as they are, or edited by someone (kept whatever this run found). */
  kept: number;
  /** Unedited items of earlier runs found again with other details, changed in place. */
  updated: number;
  /** Unedited items of earlier runs this run no longer finds. */
  removed: number;
}

/** Two items are the same task when their titles match ignoring case, spacing and punctuation. */
export function sameTaskKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
