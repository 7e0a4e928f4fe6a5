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
  analysis?: { summary?: string; decisions?: string[]; actionItems?: { title: string; assignee?: string; dueAt?: string }[] } | null;
}
