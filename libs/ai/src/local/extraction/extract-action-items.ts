import type { ActionItem } from '../analysis.types';
import type { CleanSegment, Sentence } from '../text/sentences';
import { resolveAssignee } from './assignee';
import { ACTION_CUES, COMMITMENT, cueStrength, DEADLINE, IN_MEETING_ACT, LEAVE_TAKING, REQUEST, WRAP_UP } from './cue-patterns';
import { dueDate } from './due-date';
import { itemTitle } from './item-title';
import { meetingPositions } from './meeting-position';
import { selectMoments } from './moment-selection';
import { priorityHint } from './priority';

export interface ActionItemOptions {
  referenceDate: Date;
  participants: readonly string[];
  limit: number;
}

/** Below this a sentence's cues are too weak to call it a task. */
export const ACTION_THRESHOLD = 0.55;
const MIN_GAP_MS = 30_000;
/** How close to a closing remark ("for the next meeting…") a sentence must be to count as part of the wrap-up. */
const WRAP_UP_REACH_MS = 90_000;

/**
 * Action items: sentences with commitment, request or obligation cues, damped when they describe something done in
 * the meeting itself ("I'll show the next slide") or ask rather than assign, and weighted towards the end of the meeting,
 * where meetings assign their work, and near the wrap-up remarks ("for the next meeting…") that hand it out (a documented property of meetings, stated with the AMI annotations: work is assigned at
 * the end; it is used as a general prior, the same for every meeting).
 */
export function extractActionItems(segments: readonly CleanSegment[], options: ActionItemOptions): ActionItem[] {
  const position = meetingPositions(segments);
  const wrapUps = segments.filter((s) => WRAP_UP.test(s.text)).map((s) => s.source.startMs);
  const candidates: { sentence: Sentence; score: number; startMs: number; order: number; terms: readonly string[] }[] = [];
  let w = 0;
  for (const segment of segments) {
    while (w < wrapUps.length && wrapUps[w] < segment.source.startMs - WRAP_UP_REACH_MS) w++;
    const nearWrapUp = w < wrapUps.length && Math.abs(wrapUps[w] - segment.source.startMs) <= WRAP_UP_REACH_MS;
    for (const sentence of segment.sentences) {
      const score = actionScore(sentence, position[segment.index]) * (nearWrapUp ? 1.4 : 1);
      if (score > 0) candidates.push({ sentence, score, startMs: sentence.startMs, order: sentence.index, terms: sentence.terms });
    }
  }
  return selectMoments(candidates, options.limit, ACTION_THRESHOLD, MIN_GAP_MS).map(({ sentence, score }) => {
    const due = dueDate(sentence.text, options.referenceDate);
    return {
      title: itemTitle(sentence.text, { kind: 'action', names: options.participants }),
      assignee: resolveAssignee(sentence.text, segments, sentence.segmentIndex, options.participants),
      dueAt: due ? due.toISOString() : null,
      priority: priorityHint(sentence.text, due, options.referenceDate),
      confidence: Math.round(Math.min(1, score / 1.5) * 100) / 100,
      segmentIds: [sentence.segmentId],
      startMs: sentence.startMs,
      endMs: sentence.endMs,
    };
  });
}

function actionScore(sentence: Sentence, position: number): number {
  if (sentence.isBackchannel || sentence.terms.length < 2 || LEAVE_TAKING.test(sentence.text)) return 0;
  let score = cueStrength(sentence.text, ACTION_CUES);
  if (score === 0) return 0;
  if (IN_MEETING_ACT.test(sentence.text)) score *= 0.5;
  if (sentence.isQuestion && !REQUEST.test(sentence.text)) score *= 0.5;
  // Someone taking or given a task with a deadline is an action item wherever it is said.
  if ((COMMITMENT.test(sentence.text) || REQUEST.test(sentence.text)) && DEADLINE.test(sentence.text)) return Math.max(1, score);
  return score * (0.25 + 0.75 * position * position);
}
