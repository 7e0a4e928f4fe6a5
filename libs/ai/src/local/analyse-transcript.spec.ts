import type { TranscriptSegmentInput } from './analysis.types';
import { analyseTranscript } from './analyse-transcript';
import wrapUp from './fixtures/ami-es2002a-wrap-up.json';

const MEETING_DAY = new Date('2026-03-04T10:00:00.000Z'); // a Wednesday

/** Segments of 5 s each, in order, from [speaker, text] pairs. */
function transcript(lines: [string | null, string][]): TranscriptSegmentInput[] {
  return lines.map(([speaker, text], i) => ({ id: `s${i}`, startMs: i * 5000, endMs: i * 5000 + 4500, speaker, text }));
}

const PLANNING = transcript([
  ['Ada', 'Okay, welcome everyone, uh, this is the launch planning meeting for the new remote control.'],
  ['Bob', 'Yeah.'],
  ['Ada', 'So the the budget for the remote control launch is twelve thousand euros and the launch date is in May.'],
  ['Cy', 'Mm-hmm. {vocalsound}'],
  ['Bob', 'The marketing campaign for the remote control should focus on young customers and bright colours.'],
  ['Cy', 'I think the rubber case and the bright colours make the remote control really attractive.'],
  ['Ada', "Let's go with the rubber case in bright yellow."],
  ['Bob', 'Yeah, sounds good.'],
  ['Cy', 'Sure.'],
  ['Bob', "I'll send the slides by Friday."],
  ['Ada', 'Great. Cy, can you book the room for the product review next week?'],
  ['Cy', 'Yes, no problem.'],
]);

describe('analyseTranscript', () => {
  it('turns "I\'ll send the slides by Friday" into an action item for its speaker, due that Friday, citing its segment', () => {
    const { actionItems } = analyseTranscript({ segments: PLANNING, referenceDate: MEETING_DAY });
    const slides = actionItems.find((a) => a.title.includes('slides'));
    expect(slides).toMatchObject({ title: 'Send the slides', assignee: 'Bob', segmentIds: ['s9'], startMs: 45_000 });
    expect(slides?.dueAt?.slice(0, 10)).toBe('2026-03-06');
  });

  it('gives a request to the participant it names', () => {
    const { actionItems } = analyseTranscript({ segments: PLANNING, referenceDate: MEETING_DAY });
    expect(actionItems.find((a) => a.title.includes('Book the room'))).toMatchObject({
      title: 'Book the room for the product review',
      assignee: 'Cy',
      segmentIds: ['s10'],
    });
  });

  it('gives a request to "you" to the previous speaker', () => {
    const segments = transcript([
      ['Dee', 'The supplier numbers for the rubber casing look too high to me at the moment.'],
      ['Eli', 'Could you check the supplier numbers with finance before the next meeting?'],
    ]);
    expect(analyseTranscript({ segments }).actionItems[0]).toMatchObject({ assignee: 'Dee', segmentIds: ['s1'] });
  });

  it('records a proposal that others agree with as a decision, with who agreed', () => {
    const { decisions } = analyseTranscript({ segments: PLANNING });
    expect(decisions.find((d) => d.title.includes('rubber case in bright yellow'))).toMatchObject({
      title: 'Go with the rubber case in bright yellow',
      agreedBy: ['Bob', 'Cy'],
      segmentIds: ['s6', 's7', 's8'],
      startMs: 30_000,
    });
  });

  it('leaves fillers, annotation markers and repeated words out of the summary', () => {
    const { summary } = analyseTranscript({ segments: PLANNING }, { summaryMaxWords: 200 });
    expect(summary.overview).toContain('The budget for the remote control launch');
    expect(summary.overview).not.toMatch(/\buh\b|\bum\b|\{|\bthe the\b|mm-hmm/i);
    expect(summary.sentences.every((s) => s.segmentIds.length === 1)).toBe(true);
  });

  it('counts talk time, turns and questions per speaker', () => {
    const ada = analyseTranscript({ segments: PLANNING }).speakers.find((s) => s.speaker === 'Ada');
    expect(ada).toMatchObject({ talkTimeMs: 4 * 4500, turns: 4, questions: 1, interruptions: 0 });
  });

  it('is deterministic: the same input gives the same output', () => {
    const input = { segments: wrapUp.segments, referenceDate: MEETING_DAY, title: 'Kick-off' };
    expect(JSON.stringify(analyseTranscript(input))).toBe(JSON.stringify(analyseTranscript(structuredClone(input))));
  });

  it('finds the wrap-up assignments of a real AMI meeting within 30 s of the annotated evidence', () => {
    const { actionItems } = analyseTranscript({ segments: wrapUp.segments });
    const evidenceStarts = wrapUp.actionEvidence
      .flatMap((a) => a.dialogueActIds)
      .map((id) => wrapUp.segments.find((s) => s.id === id)?.startMs ?? Number.NaN);
    expect(actionItems.length).toBeGreaterThan(0);
    expect(actionItems.some((item) => evidenceStarts.some((t) => Math.abs(item.startMs - t) <= 30_000))).toBe(true);
    expect(actionItems.every((item) => wrapUp.segments.some((s) => s.id === item.segmentIds[0]))).toBe(true);
  });

  it('answers an empty transcript with an empty analysis', () => {
    const analysis = analyseTranscript({ segments: [] });
    expect(analysis).toMatchObject({ topics: [], decisions: [], actionItems: [], questions: [], keywords: [], speakers: [] });
    expect(analysis.summary).toEqual({ overview: '', sentences: [], keyPoints: [] });
  });

  it('does not throw on odd input: no speakers, no text, markers only, bad and unordered times', () => {
    const odd: TranscriptSegmentInput[] = [
      { id: 'a', startMs: Number.NaN, endMs: Number.NaN, speaker: null, text: '' },
      { id: 'b', startMs: 9000, endMs: 1000, speaker: '', text: '{vocalsound} {disfmarker}' },
      { id: 'c', startMs: 0, endMs: 0, speaker: null, text: "I'll do it by tomorrow ?!? ... ,,," },
      { id: 'd', startMs: -5, endMs: Infinity, speaker: 'X', text: 'uh uh uh um' },
      { id: 'e', startMs: 3, endMs: 4, speaker: 'X', text: null as unknown as string },
    ];
    expect(() => analyseTranscript({ segments: odd, referenceDate: new Date('nonsense') })).not.toThrow();
  });

  it('analyses a transcript of 50,000 segments without running out of stack', () => {
    const words = 'design budget remote battery screen colour market customer price button'.split(' ');
    const huge = Array.from({ length: 50_000 }, (_v, i) => ({
      id: String(i),
      startMs: i * 1000,
      endMs: i * 1000 + 900,
      speaker: `S${i % 4}`,
      text: `${words[i % 10]} and ${words[(i * 7) % 10]} for the ${words[(i * 3) % 10]}.`,
    }));
    const analysis = analyseTranscript({ segments: huge });
    expect(analysis.topics.at(-1)?.lastSegment).toBe(49_999);
  });
});
