import { byStart } from './by-start';
import { type TranscriptFileWriter, writeWhole } from './export-transcript-writer';
import { type MeetingForExport } from './meeting-for-export';
import { type SegmentInput } from './segment';
import { singleLine } from './text-lines';
import { formatClock } from './timestamps';

/**
 * Escapes what would change how a line renders, and little else, so the raw
 * file stays readable: `\`, backticks, `*`, `~`, `[`, `<`, entity-like `&…;`,
 * and `_` only at a word's edge (CommonMark ignores `snake_case` underscores).
 */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/[\\`*~[<]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/_+/g, (run, offset: number, whole: string) => {
      const inWord = /[\p{L}\p{N}]/u.test(whole[offset - 1] ?? '') && /[\p{L}\p{N}]/u.test(whole[offset + run.length] ?? '');
      return inWord ? run : run.replace(/_/g, '\\_');
    });
}

/** Inline escaping plus what only matters at the start of a line: headings, quotes, list markers, setext underlines. */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^([#>])/, '\\$1')
    .replace(/^([-+])(?=\s|$)/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
    .replace(/^(?=[-=]+\s*$)/, '\\');
}

/** Keeps paragraph breaks of user prose (descriptions, summaries) and escapes each line. */
function paragraphs(text: string): string {
  return text
    .trim()
    .split(/\s*(?:\r\n|\r|\n){2,}\s*/)
    .map((paragraph) =>
      paragraph
        .split(/\r\n|\r|\n/)
        .map((line) => escapeMarkdownLine(line.trim()))
        .join('\n'),
    )
    .join('\n\n');
}

function isValidDate(value: Date | null | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** `YYYY-MM-DD HH:mm UTC`: minutes are shared across time zones, so they say which one. */
export function formatUtcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

/** An email goes in an autolink as is, unless it holds something that would break the link. */
function emailLink(email: string): string {
  return /^[^\s<>\\]+$/.test(email) ? `<${email}>` : escapeMarkdownInline(email);
}

/**
 * Readable minutes piece by piece (see exportMarkdown); segments must come in
 * start order. `lastStartMs` is the latest start in the transcript (undefined
 * when it is empty): one clock format for the whole document keeps the
 * timestamps aligned, so it must be known before the first one is written.
 */
export class MarkdownWriter implements TranscriptFileWriter {
  private readonly withHours: boolean;
  private previousSpeaker: string | undefined;
  private written = 0;

  constructor(
    private readonly meeting: MeetingForExport,
    lastStartMs: number | undefined,
  ) {
    this.withHours = lastStartMs !== undefined && lastStartMs >= 3_600_000;
  }

  begin(): string {
    return `${head(this.meeting).join('\n\n')}\n\n## Transcript\n\n`;
  }

  write(segments: readonly SegmentInput[]): string {
    let out = '';
    for (const segment of segments) {
      const speaker = singleLine(segment.speaker);
      const text = singleLine(segment.text);
      if (this.written > 0 && speaker === this.previousSpeaker) {
        // The same paragraph: consecutive segments of one speaker read as one turn.
        out += `\n${escapeMarkdownLine(text)}`;
      } else {
        out += `${this.written === 0 ? '' : '\n\n'}**[${formatClock(segment.startMs, this.withHours)}] ${escapeMarkdownInline(speaker)}:** ${escapeMarkdownInline(text)}`;
        this.previousSpeaker = speaker;
      }
      this.written++;
    }
    return out;
  }

  end(): string {
    return this.written === 0 ? 'No transcript yet.\n' : '\n';
  }
}

/** Everything above the transcript, as blocks to separate with blank lines. */
function head(meeting: MeetingForExport): string[] {
  const title = singleLine(meeting.title);
  const blocks: string[] = [`# ${escapeMarkdownLine(title).replace(/(\s)(#+)$/, '$1\\$2')}`];

  const when = isValidDate(meeting.startedAt)
    ? meeting.startedAt
    : isValidDate(meeting.scheduledStartAt)
      ? meeting.scheduledStartAt
      : undefined;
  const status = `**Status:** ${escapeMarkdownInline(singleLine(meeting.status))}`;
  blocks.push(when ? `**Date:** ${formatUtcMinute(when)} · ${status}` : status);
  const tags = meeting.tags.map(singleLine).filter((tag) => tag !== '');
  if (tags.length > 0) blocks.push(`**Tags:** ${tags.map(escapeMarkdownInline).join(', ')}`);
  if (meeting.description?.trim()) blocks.push(paragraphs(meeting.description));

  if (meeting.participants.length > 0) {
    const lines = meeting.participants.map((p) => {
      const role = p.role?.trim() ? `, ${escapeMarkdownInline(singleLine(p.role))}` : '';
      const email = p.email.trim() === '' ? '' : ` ${emailLink(p.email.trim())}`;
      return `- ${escapeMarkdownLine(singleLine(p.name))}${email}${role}`;
    });
    blocks.push(`## Participants\n\n${lines.join('\n')}`);
  }

  const analysis = meeting.analysis;
  if (analysis?.summary?.trim()) blocks.push(`## Summary\n\n${paragraphs(analysis.summary)}`);
  const decisions = (analysis?.decisions ?? []).map(singleLine).filter((decision) => decision !== '');
  if (decisions.length > 0) blocks.push(`## Decisions\n\n${decisions.map((d) => `- ${escapeMarkdownLine(d)}`).join('\n')}`);
  const actionItems = (meeting.actionItems ?? []).filter((item) => item.title.trim() !== '');
  if (actionItems.length > 0) {
    const lines = actionItems.map((item) => {
      const details = [
        item.assignee?.trim() && escapeMarkdownInline(singleLine(item.assignee)),
        item.dueAt?.trim() && `due ${escapeMarkdownInline(singleLine(item.dueAt))}`,
        item.status === 'in_progress' && 'in progress',
        item.status === 'cancelled' && 'cancelled',
      ].filter((detail): detail is string => !!detail);
      const box = item.status === 'done' ? '[x]' : '[ ]';
      return `- ${box} ${escapeMarkdownLine(singleLine(item.title))}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
    });
    blocks.push(`## Action items\n\n${lines.join('\n')}`);
  }

  return blocks;
}

/**
 * Readable minutes: title, date and status, description, participants, the
 * analysis sections that have content, then the transcript with one paragraph
 * per turn. Markdown in user text is escaped, not rendered.
 */
export function exportMarkdown(meeting: MeetingForExport, segments: readonly SegmentInput[]): string {
  const ordered = byStart(segments);
  return writeWhole(new MarkdownWriter(meeting, ordered[ordered.length - 1]?.startMs), ordered);
}
