import { analyseTranscript } from '../../local/analyse-transcript';
import type { TranscriptSegmentInput } from '../../local/analysis.types';
import { mergeLlmAnalysis } from './merge-llm-analysis';
import { transcriptForPrompt } from './transcript-prompt';

const segments: TranscriptSegmentInput[] = [
  { id: 'a', startMs: 0, endMs: 4000, speaker: 'Ada', text: 'Let us look at the budget for next quarter.' },
  { id: 'b', startMs: 4000, endMs: 9000, speaker: 'Grace', text: 'I will send the budget sheet by Friday.' },
  { id: 'c', startMs: 9000, endMs: 12000, speaker: 'Ada', text: 'Good, then we go with the smaller budget.' },
];
const offline = analyseTranscript({ segments });
const monday = new Date('2026-11-02T09:00:00Z');

describe('mergeLlmAnalysis', () => {
  it("takes the model's parts, with times and order from the transcript, and keeps statistics computed", () => {
    const merged = mergeLlmAnalysis(
      offline,
      segments,
      {
        summary: {
          overview: 'Budget talk.',
          keyPoints: [{ text: 'Smaller budget', segmentIds: ['c'] }],
          topics: [
            { title: 'Decision', keywords: [], segmentIds: ['c'] },
            { title: 'Budget', keywords: ['budget'], segmentIds: ['b', 'a'] },
          ],
          keywords: ['budget'],
        },
        extraction: {
          decisions: [{ title: 'Go with the smaller budget', agreedBy: [], segmentIds: ['c'] }],
          actionItems: [
            {
              title: 'Send the budget sheet',
              assignee: ' Grace ',
              due: 'by Friday',
              priority: 'medium',
              confidence: 0.8,
              segmentIds: ['b'],
            },
          ],
          questions: [],
        },
      },
      monday,
    );
    expect(merged.summary).toEqual({
      overview: 'Budget talk.',
      keyPoints: [{ text: 'Smaller budget', speaker: 'Ada', segmentIds: ['c'], startMs: 9000, endMs: 12000 }],
      sentences: [{ text: 'Smaller budget', speaker: 'Ada', segmentIds: ['c'], startMs: 9000, endMs: 12000 }],
    });
    expect(merged.topics.map((t) => [t.title, t.firstSegment, t.lastSegment, t.segmentIds])).toEqual([
      ['Budget', 0, 1, ['a', 'b']],
      ['Decision', 2, 2, ['c']],
    ]);
    expect(merged.actionItems).toEqual([
      {
        title: 'Send the budget sheet',
        assignee: 'Grace',
        dueAt: '2026-11-06T12:00:00.000Z',
        priority: 'medium',
        confidence: 0.8,
        segmentIds: ['b'],
        startMs: 4000,
        endMs: 9000,
      },
    ]);
    expect(merged.speakers).toBe(offline.speakers);
    expect(merged.sentiment).toBe(offline.sentiment);
  });

  it('drops items whose citations are all invented, and keeps the offline parts the model did not answer', () => {
    const merged = mergeLlmAnalysis(
      offline,
      segments,
      {
        extraction: {
          decisions: [{ title: 'Invented', agreedBy: [], segmentIds: ['zz'] }],
          actionItems: [{ title: 'Half real', assignee: null, due: 'whenever', priority: 'low', confidence: 0.1, segmentIds: ['zz', 'b'] }],
          questions: [],
        },
      },
      monday,
    );
    expect(merged.decisions).toEqual([]);
    expect(merged.actionItems).toEqual([expect.objectContaining({ title: 'Half real', segmentIds: ['b'], dueAt: null, assignee: null })]);
    expect(merged.summary).toBe(offline.summary);
    expect(merged.topics).toBe(offline.topics);
  });
});

describe('transcriptForPrompt', () => {
  it('writes one line per segment with its id, clock and speaker, and gives up on transcripts too long for one prompt', () => {
    expect(transcriptForPrompt([{ id: 'x-1', startMs: 3_725_000, endMs: 0, speaker: null, text: ' two\n lines ' }])).toBe(
      '[x-1] (1:02:05) Unknown: two lines',
    );
    const long = Array.from({ length: 5000 }, (_, i) => ({ id: `s${i}`, startMs: i, endMs: i, speaker: 'A', text: 'word '.repeat(20) }));
    expect(transcriptForPrompt(long)).toBeNull();
  });
});
