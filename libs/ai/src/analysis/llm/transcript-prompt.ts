import type { TranscriptSegmentInput } from '../../local/analysis.types';

/**
 * About 100,000 tokens: what the hosted models this module is configured with take in one request with
 * room for the answer. A longer transcript is analysed offline rather than cut, since a summary of the
 * first two thirds of a meeting would read as a summary of all of it.
 */
export const MAX_PROMPT_TRANSCRIPT_CHARS = 400_000;

function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** One line per segment, `[id] (mm:ss) Speaker: words`, the form the instructions describe; null when it is too long for one prompt. */
export function transcriptForPrompt(segments: readonly TranscriptSegmentInput[]): string | null {
  let length = 0;
  const lines: string[] = [];
  for (const segment of segments) {
    const text = segment.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const line = `[${segment.id}] (${clock(segment.startMs)}) ${(segment.speaker ?? 'Unknown').replace(/\s+/g, ' ')}: ${text}`;
    length += line.length + 1;
    if (length > MAX_PROMPT_TRANSCRIPT_CHARS) return null;
    lines.push(line);
  }
  return lines.join('\n');
}
