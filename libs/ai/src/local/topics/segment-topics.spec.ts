import { splitTranscript } from '../text/sentences';
import { meetingLead, segmentTopics } from './segment-topics';

const COOKING = 'flour butter oven dough recipe sugar bake pastry kitchen yeast'.split(' ');
const FOOTBALL = 'goal striker referee league match penalty stadium defender coach keeper'.split(' ');

/** 120 segments about baking, then 120 about football, each a different mix of its topic's words. */
function twoTopicMeeting() {
  const line = (vocabulary: string[], i: number) =>
    `The ${vocabulary[i % 10]} and the ${vocabulary[(i * 3 + 1) % 10]} with ${vocabulary[(i * 7 + 2) % 10]}.`;
  return Array.from({ length: 240 }, (_v, i) => ({
    id: String(i),
    startMs: i * 4000,
    endMs: i * 4000 + 3500,
    speaker: `S${i % 3}`,
    text: line(i < 120 ? COOKING : FOOTBALL, i),
  }));
}

describe('segmentTopics', () => {
  it('puts a boundary where the vocabulary changes, and none elsewhere', () => {
    const ranges = segmentTopics(splitTranscript(twoTopicMeeting()));
    expect(ranges).toHaveLength(2);
    expect(Math.abs(ranges[0].last - 119)).toBeLessThanOrEqual(3);
    expect(ranges[1].last).toBe(239);
  });

  it('keeps a short transcript as one topic', () => {
    expect(segmentTopics(splitTranscript(twoTopicMeeting().slice(0, 10)))).toEqual([{ first: 0, last: 9 }]);
  });
});

describe('meetingLead', () => {
  const seg = (i: number, speaker: string | null) => ({
    id: String(i),
    startMs: i * 1000,
    endMs: i * 1000 + 900,
    speaker,
    text: 'Some words here.',
  });

  it('is the speaker with the most turns, the first to reach it on a tie', () => {
    expect(meetingLead(splitTranscript([seg(0, 'A'), seg(1, 'B'), seg(2, 'B'), seg(3, 'A'), seg(4, 'C')]))).toBe('B');
    expect(meetingLead(splitTranscript([seg(0, 'A'), seg(1, 'B')]))).toBe('A');
  });

  it('is null when no segment names a speaker', () => {
    expect(meetingLead(splitTranscript([seg(0, null), seg(1, null)]))).toBeNull();
  });
});
