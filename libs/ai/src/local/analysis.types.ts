/** One transcript segment as the analysis reads it: what a live transcript has, and nothing more. */
export interface TranscriptSegmentInput {
  id: string;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

export interface LocalAnalysisInput {
  segments: readonly TranscriptSegmentInput[];
  title?: string;
  /** Due dates such as "by Friday" are resolved against this date (the meeting's start); defaults to the Unix epoch so results stay deterministic. */
  referenceDate?: Date;
  /** Participant names, so "Ada, can you…" resolves to Ada even when Ada has not spoken yet. */
  participants?: readonly string[];
}

export interface LocalAnalysisOptions {
  /** Upper bound on the overview's length in words; by default it grows with the meeting (2 % of its words, 60 to 250). */
  summaryMaxWords?: number;
  /** At most this many action items and this many decisions (1 to 10, default 10). */
  maxItemsPerKind?: number;
}

/** The part of the transcript an item came from. */
export interface SourceRef {
  segmentIds: string[];
  startMs: number;
  endMs: number;
}

export interface SummarySentence extends SourceRef {
  text: string;
  speaker: string | null;
}

export interface Summary {
  /** The selected sentences joined, in the order they were said. */
  overview: string;
  sentences: SummarySentence[];
  /** The best sentence of each topic (3 to 10 when the meeting is long enough to have them). */
  keyPoints: SummarySentence[];
}

export interface Topic extends SourceRef {
  title: string;
  keywords: string[];
  /** Inclusive indices into the input segments. */
  firstSegment: number;
  lastSegment: number;
}

export type Priority = 'high' | 'medium' | 'low';

export interface ActionItem extends SourceRef {
  title: string;
  /** The speaker or participant the item was given to, when the transcript says so. */
  assignee: string | null;
  /** ISO date-time resolved from phrases such as "by Friday", relative to the reference date. */
  dueAt: string | null;
  priority: Priority;
  /** 0 to 1: how strongly the cues point at a task. */
  confidence: number;
}

export interface Decision extends SourceRef {
  title: string;
  /** Who voiced agreement right after the proposal. */
  agreedBy: string[];
  confidence: number;
}

export interface Question extends SourceRef {
  text: string;
  askedBy: string | null;
  answered: boolean;
}

export interface Keyword {
  term: string;
  score: number;
  occurrences: number;
}

export interface SpeakerStats {
  speaker: string;
  talkTimeMs: number;
  /** Share of all talk time, 0 to 1. */
  share: number;
  words: number;
  wordsPerMinute: number;
  turns: number;
  longestMonologueMs: number;
  questions: number;
  /** Turns started before the previous speaker's segment had ended. */
  interruptions: number;
}

export interface SentimentScore {
  /** -1 (negative) to 1 (positive). */
  score: number;
  positive: number;
  negative: number;
}

export interface SpeakerSentiment extends SentimentScore {
  speaker: string;
}

export interface SentimentOverTime extends SentimentScore {
  startMs: number;
  endMs: number;
}

export interface Sentiment {
  overall: SentimentScore;
  bySpeaker: SpeakerSentiment[];
  overTime: SentimentOverTime[];
}

export interface LocalAnalysis {
  summary: Summary;
  topics: Topic[];
  decisions: Decision[];
  actionItems: ActionItem[];
  questions: Question[];
  keywords: Keyword[];
  speakers: SpeakerStats[];
  sentiment: Sentiment;
}
