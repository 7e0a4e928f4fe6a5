import type { MinutesActionItem } from '../minutes-action-items.registry';

/** What the Markdown minutes need to know about a meeting; the caption and JSON exports ignore it. */
export interface MeetingForExport {
  title: string;
  description?: string | null;
  status: string;
  scheduledStartAt?: Date | null;
  startedAt?: Date | null;
  endedAt?: Date | null;
  language?: string | null;
  tags: string[];
  participants: { name: string; email: string; role?: string }[];
  analysis?: { summary?: string; decisions?: string[] } | null;
  /** The meeting's action items as they stand (not as an analysis first found them). */
  actionItems?: MinutesActionItem[];
}
