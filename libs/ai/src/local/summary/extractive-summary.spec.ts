import { splitTranscript } from '../text/sentences';
import { extractiveSummary } from './extractive-summary';

const seg = (i: number, text: string) => ({ id: `s${i}`, startMs: i * 5000, endMs: i * 5000 + 4000, speaker: i % 2 ? 'Bob' : 'Ada', text });
const sentencesOf = (texts: string[]) => splitTranscript(texts.map((text, i) => seg(i, text))).flatMap((s) => s.sentences);

describe('extractiveSummary: key points', () => {
  const oneTopic = sentencesOf([
    'The new supplier quoted twelve euros for each remote control case.',
    'Shipping from the new supplier takes three weeks to our warehouse in Lyon.',
    'Marketing wants the launch campaign to start with the spring catalogue.',
    'The rubber buttons failed the drop test twice in the laboratory last month.',
    'Finance approved an extra budget of forty thousand euros for tooling.',
  ]);

  it('gives a meeting of one topic three points, each saying something else, in meeting order', () => {
    const { keyPoints } = extractiveSummary(oneTopic, { maxWords: 200, topicRanges: [{ first: 0, last: oneTopic.length - 1 }] });
    expect(keyPoints).toHaveLength(3);
    const ids = keyPoints.map((p) => p.segmentIds[0]);
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort()).toEqual(ids);
  });

  it('gives fewer only when the meeting has fewer sentences worth a point', () => {
    const short = sentencesOf(['The new supplier quoted twelve euros for each remote control case.', 'Yeah.', 'Okay.']);
    const { keyPoints } = extractiveSummary(short, { maxWords: 200, topicRanges: [{ first: 0, last: short.length - 1 }] });
    expect(keyPoints.map((p) => p.segmentIds)).toEqual([['s0']]);
  });

  it('keeps one point per topic for the ten best topics of a long meeting, the later ones included', () => {
    const subjects = [
      'battery',
      'casing',
      'buttons',
      'colours',
      'pricing',
      'shipping',
      'marketing',
      'warranty',
      'display',
      'charger',
      'manual',
      'packaging',
    ];
    const texts = subjects.map((s, i) =>
      i === 11
        ? `The ${s} decision settles the ${s} budget, the ${s} supplier, the ${s} schedule and the ${s} tests for launch.`
        : `We talked about the ${s} for the new remote control model today.`,
    );
    const sentences = sentencesOf(texts);
    const topicRanges = sentences.map((_s, i) => ({ first: i, last: i }));
    const { keyPoints } = extractiveSummary(sentences, { maxWords: 400, topicRanges });
    expect(keyPoints).toHaveLength(10);
    expect(keyPoints.map((p) => p.segmentIds[0])).toContain('s11');
    const order = keyPoints.map((p) => p.startMs);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
