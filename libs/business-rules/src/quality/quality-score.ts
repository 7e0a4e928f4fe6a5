/**
 * The data-quality score of a meeting: plain functions over what the job read, so the spec runs them on
 * fixed inputs. The weights are set by judgement, written down in docs/quality.md, and never tuned on any
 * dataset: a score tuned to one tenant's meetings would stop saying what it measures.
 */

export const QUALITY_COMPONENTS = ['transcriptCoverage', 'speakerAttribution', 'transcriptConfidence', 'actionItems', 'analysis'] as const;
export type QualityComponentName = (typeof QUALITY_COMPONENTS)[number];

export const QUALITY_WEIGHTS: Readonly<Record<QualityComponentName, number>> = {
  transcriptCoverage: 30,
  speakerAttribution: 20,
  transcriptConfidence: 15,
  actionItems: 20,
  analysis: 15,
};

/** Silences at least this long between segments are reported as gaps (a pause in speech is not one). */
export const GAP_MS = 60_000;
/** At most this many gaps are listed in the evidence, the longest first; the total counts them all. */
export const MAX_GAPS_LISTED = 20;
/** A segment whose recogniser confidence is below this is low-confidence. */
export const LOW_CONFIDENCE = 0.6;
/** Speaker labels that name no one: a diarisation placeholder is not an attribution. */
const UNATTRIBUTED_SPEAKER = /^(unknown|unidentified|speaker[\s_-]*\d*|spk[\s_-]*\d+|\?+|-+|n\/a)$/i;

export interface QualitySegment {
  speaker: string;
  startMs: number;
  endMs: number;
  confidence?: number;
}

export interface QualityActionItem {
  assigneeUserId: string | null;
  assigneeName: string | null;
  dueAt: Date | null;
}

export interface QualityInputs {
  /** The meeting's length in milliseconds (ended − started, else scheduled end − start), or null when unknown. */
  durationMs: number | null;
  transcriptRevision: number;
  segments: readonly QualitySegment[];
  actionItems: readonly QualityActionItem[];
  /** The transcript revision the latest final analysis read, or null when there is none. */
  analysedRevision: number | null;
}

export interface QualityComponent {
  name: QualityComponentName;
  weight: number;
  /** 0–100, or null when the component cannot be measured for this meeting (its weight then goes to the others). */
  score: number | null;
  /** What the score was computed from, in words a person can check. */
  summary: string;
  evidence: Record<string, unknown>;
}

export interface QualityScore {
  score: number;
  components: QualityComponent[];
}

export function qualityScore(inputs: QualityInputs): QualityScore {
  const components = [
    transcriptCoverage(inputs.segments, inputs.durationMs),
    speakerAttribution(inputs.segments),
    transcriptConfidence(inputs.segments),
    actionItemCompleteness(inputs.actionItems),
    analysisFreshness(inputs.analysedRevision, inputs.transcriptRevision),
  ];
  return { score: combine(components), components };
}

/** The weighted mean of the measured components, 0–100; the weights of unmeasured ones are left out, not counted as zero. */
export function combine(components: readonly QualityComponent[]): number {
  let weights = 0;
  let sum = 0;
  for (const c of components) {
    if (c.score === null) continue;
    weights += c.weight;
    sum += c.weight * c.score;
  }
  return weights === 0 ? 0 : Math.round(sum / weights);
}

export interface Gap {
  startMs: number;
  endMs: number;
}

/** The share of the meeting's duration some segment covers, and the silences of at least GAP_MS (also before the first and after the last). */
export function transcriptCoverage(segments: readonly QualitySegment[], durationMs: number | null): QualityComponent {
  const base = { name: 'transcriptCoverage' as const, weight: QUALITY_WEIGHTS.transcriptCoverage };
  if (segments.length === 0)
    return { ...base, score: 0, summary: 'No transcript.', evidence: { segments: 0, durationMs, coveredMs: 0, gaps: [], gapCount: 0 } };
  if (durationMs === null || durationMs <= 0)
    return {
      ...base,
      score: null,
      summary: "Not measured: the meeting's duration is unknown (no start and end times).",
      evidence: { segments: segments.length, durationMs },
    };
  const intervals = segments
    .map((s) => ({ startMs: Math.max(0, s.startMs), endMs: Math.min(durationMs, s.endMs) }))
    .filter((s) => s.endMs > s.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  let covered = 0;
  let cursor = 0;
  const gaps: Gap[] = [];
  for (const interval of intervals) {
    if (interval.startMs - cursor >= GAP_MS) gaps.push({ startMs: cursor, endMs: interval.startMs });
    if (interval.endMs > cursor) {
      covered += interval.endMs - Math.max(cursor, interval.startMs);
      cursor = interval.endMs;
    }
  }
  if (durationMs - cursor >= GAP_MS) gaps.push({ startMs: cursor, endMs: durationMs });
  const share = covered / durationMs;
  const listed = [...gaps].sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs) || a.startMs - b.startMs).slice(0, MAX_GAPS_LISTED);
  return {
    ...base,
    score: Math.round(share * 100),
    summary: `The transcript covers ${percent(share)} of the meeting's ${minutes(durationMs)}, with ${gaps.length} gap${gaps.length === 1 ? '' : 's'} of a minute or more.`,
    evidence: {
      segments: segments.length,
      durationMs,
      coveredMs: covered,
      gapCount: gaps.length,
      gaps: listed.sort((a, b) => a.startMs - b.startMs).map((g) => ({ ...g, durationMs: g.endMs - g.startMs })),
    },
  };
}

/** The share of segments whose speaker names someone rather than a placeholder such as "Speaker 2" or "Unknown". */
export function speakerAttribution(segments: readonly QualitySegment[]): QualityComponent {
  const base = { name: 'speakerAttribution' as const, weight: QUALITY_WEIGHTS.speakerAttribution };
  if (segments.length === 0)
    return { ...base, score: 0, summary: 'No transcript.', evidence: { segments: 0, attributed: 0, speakers: [] } };
  const attributed = segments.filter((s) => !UNATTRIBUTED_SPEAKER.test(s.speaker.trim()));
  const share = attributed.length / segments.length;
  return {
    ...base,
    score: Math.round(share * 100),
    summary: `${attributed.length} of ${segments.length} segments (${percent(share)}) name their speaker.`,
    evidence: {
      segments: segments.length,
      attributed: attributed.length,
      speakers: [...new Set(attributed.map((s) => s.speaker.trim()))].sort().slice(0, 50),
      placeholders: [...new Set(segments.filter((s) => UNATTRIBUTED_SPEAKER.test(s.speaker.trim())).map((s) => s.speaker))].slice(0, 20),
    },
  };
}

/** The share of segments at or above LOW_CONFIDENCE, among those that carry a confidence; not measured when none does. */
export function transcriptConfidence(segments: readonly QualitySegment[]): QualityComponent {
  const base = { name: 'transcriptConfidence' as const, weight: QUALITY_WEIGHTS.transcriptConfidence };
  const rated = segments.filter((s) => typeof s.confidence === 'number');
  if (rated.length === 0)
    return {
      ...base,
      score: null,
      summary: segments.length === 0 ? 'Not measured: no transcript.' : 'Not measured: no segment carries a confidence.',
      evidence: { segments: segments.length, rated: 0, threshold: LOW_CONFIDENCE },
    };
  const low = rated.filter((s) => (s.confidence ?? 0) < LOW_CONFIDENCE).length;
  const share = (rated.length - low) / rated.length;
  return {
    ...base,
    score: Math.round(share * 100),
    summary: `${low} of ${rated.length} rated segments are below confidence ${LOW_CONFIDENCE}.`,
    evidence: { segments: segments.length, rated: rated.length, lowConfidence: low, threshold: LOW_CONFIDENCE },
  };
}

/** Half for action items with an assignee, half for those with a due date; not measured when the meeting has none. */
export function actionItemCompleteness(items: readonly QualityActionItem[]): QualityComponent {
  const base = { name: 'actionItems' as const, weight: QUALITY_WEIGHTS.actionItems };
  if (items.length === 0)
    return {
      ...base,
      score: null,
      summary: 'Not measured: the meeting has no action items (the insights list meetings without any).',
      evidence: { actionItems: 0, assigned: 0, withDueDate: 0 },
    };
  const assigned = items.filter((i) => i.assigneeUserId !== null || (i.assigneeName ?? '').trim() !== '').length;
  const withDueDate = items.filter((i) => i.dueAt !== null).length;
  const share = (assigned + withDueDate) / (2 * items.length);
  return {
    ...base,
    score: Math.round(share * 100),
    summary: `${assigned} of ${items.length} action items have an assignee and ${withDueDate} a due date.`,
    evidence: { actionItems: items.length, assigned, withDueDate },
  };
}

/** Full marks for an analysis of the current transcript, half for one of an older revision, none without one. */
export function analysisFreshness(analysedRevision: number | null, transcriptRevision: number): QualityComponent {
  const base = { name: 'analysis' as const, weight: QUALITY_WEIGHTS.analysis };
  if (analysedRevision === null)
    return { ...base, score: 0, summary: 'Not analysed.', evidence: { present: false, analysedRevision, transcriptRevision } };
  const current = analysedRevision >= transcriptRevision;
  return {
    ...base,
    score: current ? 100 : 50,
    summary: current
      ? `Analysed at the current transcript revision ${transcriptRevision}.`
      : `Analysed at revision ${analysedRevision}; the transcript is at revision ${transcriptRevision} since.`,
    evidence: { present: true, upToDate: current, analysedRevision, transcriptRevision },
  };
}

/** The meeting's length: as held when it has both ends, else as scheduled, else unknown. */
export function meetingDurationMs(m: {
  startedAt: Date | null;
  endedAt: Date | null;
  scheduledStartAt: Date | null;
  scheduledEndAt: Date | null;
}): number | null {
  if (m.startedAt && m.endedAt) return new Date(m.endedAt).getTime() - new Date(m.startedAt).getTime();
  if (m.scheduledStartAt && m.scheduledEndAt) return new Date(m.scheduledEndAt).getTime() - new Date(m.scheduledStartAt).getTime();
  return null;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function minutes(ms: number): string {
  return `${Math.round(ms / 60_000)} min`;
}
