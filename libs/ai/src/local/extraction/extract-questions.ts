import type { Question } from '../analysis.types';
import type { CleanSegment } from '../text/sentences';

/** Tag questions and checks that expect no answer ("right?", "you know?", "isn't it?"). */
const RHETORICAL = /^(?:\W*(?:right|okay|ok|yeah|no|huh|you know|isn't it|don't you think|see|sorry|what|pardon|really)\W*)$/i;
const ANSWER_SEGMENTS = 4;
const ANSWER_WINDOW_MS = 60_000;
const MAX_QUESTIONS = 100;

/** Questions that ask something, and whether another speaker then said something with content (an answer) soon after. */
export function extractQuestions(segments: readonly CleanSegment[]): Question[] {
  const questions: Question[] = [];
  for (const segment of segments) {
    for (const sentence of segment.sentences) {
      if (!sentence.isQuestion || sentence.words.length < 3 || !sentence.terms.length || RHETORICAL.test(sentence.text)) continue;
      let answered = false;
      for (let i = segment.index + 1; i < segments.length && i <= segment.index + ANSWER_SEGMENTS; i++) {
        const reply = segments[i];
        if (reply.source.startMs - segment.source.endMs > ANSWER_WINDOW_MS) break;
        if (reply.source.speaker === segment.source.speaker) continue;
        if (reply.sentences.some((s) => s.terms.length >= 2 || /^(?:yes|no|yeah|nope|sure)\b/i.test(s.text))) {
          answered = true;
          break;
        }
      }
      questions.push({
        text: sentence.text,
        askedBy: sentence.speaker,
        answered,
        segmentIds: [sentence.segmentId],
        startMs: sentence.startMs,
        endMs: sentence.endMs,
      });
      if (questions.length >= MAX_QUESTIONS) return questions;
    }
  }
  return questions;
}
