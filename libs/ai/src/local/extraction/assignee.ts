import type { CleanSegment } from '../text/sentences';
import { COMMITMENT, REQUEST } from './cue-patterns';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Who an action item belongs to: the speaker of a commitment ("I'll…"); the participant named in a request
 * ("Ada, can you…"); for a request to "you" with no name, the previous speaker, the one being answered; otherwise nobody.
 */
export function resolveAssignee(
  text: string,
  segments: readonly CleanSegment[],
  segmentIndex: number,
  participants: readonly string[],
): string | null {
  const speaker = segments[segmentIndex].source.speaker;
  const named = participants.find((name) => name !== speaker && mentions(text, name));
  if (named && (REQUEST.test(text) || /\b(?:will|should|needs? to|has to|is going to)\b/i.test(text))) return named;
  if (COMMITMENT.test(text)) return speaker;
  if (REQUEST.test(text)) {
    if (named) return named;
    for (let i = segmentIndex - 1; i >= 0 && i >= segmentIndex - 20; i--) {
      const previous = segments[i].source.speaker;
      if (previous && previous !== speaker) return previous;
    }
  }
  return null;
}

/** "Ada" is mentioned by "ada," or "Ada Lovelace"; single-letter labels such as "A" never count as a name. */
function mentions(text: string, name: string): boolean {
  const first = name.trim().split(/\s+/)[0];
  if (first.length < 2) return false;
  return new RegExp(`\\b${escape(first)}\\b`, 'i').test(text);
}
