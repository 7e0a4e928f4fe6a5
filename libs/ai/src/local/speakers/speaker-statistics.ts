import type { SpeakerStats } from '../analysis.types';
import type { CleanSegment } from '../text/sentences';

/**
 * Talk time, words, turns (consecutive segments of one speaker are one turn), the longest turn, questions and
 * interruptions (a turn that starts before the previous speaker's segment has ended), per speaker, most talkative first.
 */
export function speakerStatistics(segments: readonly CleanSegment[]): SpeakerStats[] {
  const stats = new Map<string, SpeakerStats>();
  let totalTalk = 0;
  let previousSpeaker: string | null = null;
  let previousEnd = -Infinity;
  let turnStart = 0;
  let turnEnd = 0;
  const closeTurn = () => {
    if (previousSpeaker === null) return;
    const entry = stats.get(previousSpeaker);
    if (entry) entry.longestMonologueMs = Math.max(entry.longestMonologueMs, turnEnd - turnStart);
  };
  for (const segment of segments) {
    const speaker = segment.source.speaker ?? 'unknown';
    const start = Number.isFinite(segment.source.startMs) ? segment.source.startMs : 0;
    const end = Math.max(start, Number.isFinite(segment.source.endMs) ? segment.source.endMs : start);
    const entry =
      stats.get(speaker) ??
      ({
        speaker,
        talkTimeMs: 0,
        share: 0,
        words: 0,
        wordsPerMinute: 0,
        turns: 0,
        longestMonologueMs: 0,
        questions: 0,
        interruptions: 0,
      } satisfies SpeakerStats);
    stats.set(speaker, entry);
    entry.talkTimeMs += end - start;
    totalTalk += end - start;
    entry.words += segment.sentences.reduce((sum, s) => sum + s.words.length, 0);
    entry.questions += segment.sentences.filter((s) => s.isQuestion).length;
    if (speaker !== previousSpeaker) {
      closeTurn();
      entry.turns++;
      if (start < previousEnd) entry.interruptions++;
      turnStart = start;
      previousSpeaker = speaker;
    }
    turnEnd = Math.max(turnEnd, end);
    previousEnd = end;
  }
  closeTurn();
  return [...stats.values()]
    .map((s) => ({
      ...s,
      share: totalTalk > 0 ? Math.round((s.talkTimeMs / totalTalk) * 1000) / 1000 : 0,
      wordsPerMinute: s.talkTimeMs > 0 ? Math.round((s.words / (s.talkTimeMs / 60_000)) * 10) / 10 : 0,
    }))
    .sort((a, b) => b.talkTimeMs - a.talkTimeMs || (a.speaker < b.speaker ? -1 : 1));
}
