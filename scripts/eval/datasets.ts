import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TranscriptSegmentInput } from '@quorum/ai';
import type { LabelledItem } from './item-scoring';

/** `../shared/datasets` beside the repository (where CI puts it), or EVAL_DATA_DIR. */
export function datasetsDir(): string {
  return resolve(process.env.EVAL_DATA_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'datasets'));
}

export type Split = 'dev' | 'held-out';

/** The fixed split: in file-name order, even positions are dev (looked at while developing), odd ones are held out. */
export const splitOf = (position: number): Split => (position % 2 === 0 ? 'dev' : 'held-out');

export interface QmsumMeeting {
  name: string;
  split: Split;
  segments: TranscriptSegmentInput[];
  referenceSummary: string;
  /** One topic label per turn. */
  topicLabels: number[];
  /** The specific questions that mark their evidence: inclusive turn-index ranges. */
  questions: QmsumQuestion[];
}

export interface QmsumQuestion {
  query: string;
  evidence: [number, number][];
}

export interface AmiMeeting {
  name: string;
  split: Split;
  segments: TranscriptSegmentInput[];
  abstract: string;
  actions: LabelledItem[];
  decisions: LabelledItem[];
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new MissingDataError(dir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export class MissingDataError extends Error {
  constructor(readonly path: string) {
    super(`evaluation data not found at ${path}`);
  }
}

interface QmsumFile {
  meeting_transcripts: { speaker: string; content: string }[];
  general_query_list: { query: string; answer: string }[];
  topic_list: { topic: string; relevant_text_span: [string, string][] }[];
  specific_query_list?: { query: string; relevant_text_span?: [string, string][] }[];
}

/** QMSum turns have no times: each gets 0.4 s per word (150 words a minute) and half a second, one after the other. */
export function loadQmsum(root = datasetsDir()): QmsumMeeting[] {
  const dir = join(root, 'qmsum-val');
  return jsonFiles(dir).map((file, position) => {
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as QmsumFile;
    let clock = 0;
    const segments = data.meeting_transcripts.map((turn, i) => {
      const startMs = clock;
      clock += 500 + 400 * turn.content.split(/\s+/).filter(Boolean).length;
      return { id: String(i), startMs, endMs: clock, speaker: turn.speaker, text: turn.content };
    });
    return {
      name: file.replace(/\.json$/, ''),
      split: splitOf(position),
      segments,
      referenceSummary: data.general_query_list[0]?.answer ?? '',
      topicLabels: topicLabels(data.topic_list, segments.length),
      questions: (data.specific_query_list ?? [])
        .filter((q) => q.relevant_text_span?.length)
        .map((q) => ({
          query: q.query,
          evidence: q.relevant_text_span!.map(([from, to]): [number, number] => [Number(from), Number(to)]),
        })),
    };
  });
}

/**
 * One label per turn from QMSum's topic spans: a turn takes the topic of the span that contains it (the earliest-starting
 * one when spans overlap); turns outside every span (greetings, gaps between spans) take the topic before them, or the
 * first topic when nothing came before.
 */
export function topicLabels(topics: QmsumFile['topic_list'], turns: number): number[] {
  const spans = topics
    .flatMap((topic, label) => topic.relevant_text_span.map(([from, to]) => ({ label, from: Number(from), to: Number(to) })))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const labels = new Array<number>(turns).fill(-1);
  for (const span of spans)
    for (let i = Math.max(0, span.from); i <= Math.min(turns - 1, span.to); i++) if (labels[i] < 0) labels[i] = span.label;
  const first = labels.find((l) => l >= 0) ?? 0;
  let previous = first;
  return labels.map((l) => (l >= 0 ? (previous = l) : previous));
}

interface AmiFile {
  meetingId: string;
  dialogueActs: { id: string; startMs: number; endMs: number; speaker: string; text: string }[];
  abstract: string;
  actions: { sentence: string; dialogueActIds: string[] }[];
  decisions: { sentence: string; dialogueActIds: string[] }[];
}

/** AMI meetings as a live transcript would have them: id, times, speaker and text only (no dialogue-act type, no role). */
export function loadAmi(root = datasetsDir()): AmiMeeting[] {
  const dir = join(root, 'ami-actions');
  return jsonFiles(dir).map((file, position) => {
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as AmiFile;
    const byId = new Map(data.dialogueActs.map((da) => [da.id, da]));
    // Every sentence counts as a labelled item, as in the README's baselines (249 actions, 575 decisions): the 27 action and
    // 35 decision sentences without evidence (17 of the former "*NA*") can never be matched and only lower recall.
    const labelled = (items: AmiFile['actions']): LabelledItem[] =>
      items.map((item) => ({ evidence: item.dialogueActIds.flatMap((id) => byId.get(id)?.startMs ?? []) }));
    return {
      name: data.meetingId,
      split: splitOf(position),
      segments: data.dialogueActs.map(({ id, startMs, endMs, speaker, text }) => ({ id, startMs, endMs, speaker, text })),
      abstract: data.abstract,
      actions: labelled(data.actions),
      decisions: labelled(data.decisions),
    };
  });
}
