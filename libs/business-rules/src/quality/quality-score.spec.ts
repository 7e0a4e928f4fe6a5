import {
  actionItemCompleteness,
  analysisFreshness,
  combine,
  meetingDurationMs,
  qualityScore,
  speakerAttribution,
  transcriptConfidence,
  transcriptCoverage,
} from './quality-score';

const seg = (startMs: number, endMs: number, speaker = 'Ada', confidence?: number) => ({ speaker, startMs, endMs, confidence });
const MIN = 60_000;

describe('transcriptCoverage', () => {
  it('scores 0 without a transcript', () => {
    expect(transcriptCoverage([], 10 * MIN)).toMatchObject({ score: 0, evidence: { segments: 0 } });
  });

  it('is not measured when the duration is unknown or zero', () => {
    expect(transcriptCoverage([seg(0, 1000)], null).score).toBeNull();
    expect(transcriptCoverage([seg(0, 1000)], 0).score).toBeNull();
  });

  it('measures the covered share and lists gaps of a minute or more with their times, overlaps counted once', () => {
    const c = transcriptCoverage([seg(0, 2 * MIN), seg(MIN, 3 * MIN), seg(5 * MIN, 6 * MIN), seg(6 * MIN + 30_000, 8 * MIN)], 10 * MIN);
    // covered: 0–3, 5–6, 6.5–8 = 5.5 minutes of 10
    expect(c.score).toBe(55);
    expect(c.evidence.coveredMs).toBe(5.5 * MIN);
    expect(c.evidence.gaps).toEqual([
      { startMs: 3 * MIN, endMs: 5 * MIN, durationMs: 2 * MIN },
      { startMs: 8 * MIN, endMs: 10 * MIN, durationMs: 2 * MIN },
    ]);
  });

  it('clips segments past the end of the meeting', () => {
    expect(transcriptCoverage([seg(0, 20 * MIN)], 10 * MIN).score).toBe(100);
  });
});

describe('speakerAttribution', () => {
  it('counts placeholders as unattributed', () => {
    const c = speakerAttribution([seg(0, 1, 'Ada'), seg(1, 2, 'Speaker 2'), seg(2, 3, 'unknown'), seg(3, 4, 'Grace')]);
    expect(c.score).toBe(50);
    expect(c.evidence).toMatchObject({ attributed: 2, speakers: ['Ada', 'Grace'] });
  });

  it('scores 0 without a transcript', () => {
    expect(speakerAttribution([]).score).toBe(0);
  });
});

describe('transcriptConfidence', () => {
  it('is not measured when no segment has a confidence', () => {
    expect(transcriptConfidence([seg(0, 1)]).score).toBeNull();
    expect(transcriptConfidence([]).summary).toMatch(/no transcript/);
  });

  it('scores the share of rated segments at or above the threshold', () => {
    const c = transcriptConfidence([seg(0, 1, 'A', 0.9), seg(1, 2, 'A', 0.3), seg(2, 3, 'A', 0.6), seg(3, 4, 'A')]);
    expect(c.score).toBe(67);
    expect(c.evidence).toMatchObject({ rated: 3, lowConfidence: 1 });
  });
});

describe('actionItemCompleteness', () => {
  it('is not measured without action items', () => {
    expect(actionItemCompleteness([]).score).toBeNull();
  });

  it('gives half for assignees and half for due dates', () => {
    const c = actionItemCompleteness([
      { assigneeUserId: 'u', assigneeName: null, dueAt: new Date() },
      { assigneeUserId: null, assigneeName: 'Grace', dueAt: null },
      { assigneeUserId: null, assigneeName: null, dueAt: null },
      { assigneeUserId: null, assigneeName: ' ', dueAt: null },
    ]);
    expect(c.evidence).toEqual({ actionItems: 4, assigned: 2, withDueDate: 1 });
    expect(c.score).toBe(38);
  });
});

describe('analysisFreshness', () => {
  it('is 0 without an analysis, 50 when stale, 100 when current', () => {
    expect(analysisFreshness(null, 3).score).toBe(0);
    expect(analysisFreshness(2, 3).score).toBe(50);
    expect(analysisFreshness(3, 3).score).toBe(100);
  });
});

describe('qualityScore', () => {
  it('leaves unmeasured components out of the mean instead of counting them as zero', () => {
    const result = qualityScore({
      durationMs: 10 * MIN,
      transcriptRevision: 1,
      segments: [seg(0, 10 * MIN)],
      actionItems: [],
      analysedRevision: 1,
    });
    // coverage 100 (30), attribution 100 (20), confidence and action items not measured, analysis 100 (15)
    expect(result.score).toBe(100);
    expect(result.components.map((c) => c.name)).toEqual([
      'transcriptCoverage',
      'speakerAttribution',
      'transcriptConfidence',
      'actionItems',
      'analysis',
    ]);
  });

  it('scores an empty meeting 0: no transcript, zero duration, no action items, no analysis', () => {
    const result = qualityScore({ durationMs: 0, transcriptRevision: 0, segments: [], actionItems: [], analysedRevision: null });
    expect(result.score).toBe(0);
  });

  it('weights the components', () => {
    expect(
      combine([
        { name: 'transcriptCoverage', weight: 30, score: 50, summary: '', evidence: {} },
        { name: 'analysis', weight: 10, score: 100, summary: '', evidence: {} },
        { name: 'actionItems', weight: 20, score: null, summary: '', evidence: {} },
      ]),
    ).toBe(63);
  });
});

describe('meetingDurationMs', () => {
  it('prefers the held times, then the scheduled ones', () => {
    const t = (m: number) => new Date(Date.UTC(2026, 0, 1, 10, m));
    expect(meetingDurationMs({ startedAt: t(0), endedAt: t(30), scheduledStartAt: t(0), scheduledEndAt: t(60) })).toBe(30 * MIN);
    expect(meetingDurationMs({ startedAt: t(0), endedAt: null, scheduledStartAt: t(0), scheduledEndAt: t(60) })).toBe(60 * MIN);
    expect(meetingDurationMs({ startedAt: null, endedAt: null, scheduledStartAt: null, scheduledEndAt: null })).toBeNull();
  });
});
