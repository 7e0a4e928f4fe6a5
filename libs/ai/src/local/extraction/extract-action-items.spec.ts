import { splitTranscript } from '../text/sentences';
import { extractActionItems } from './extract-action-items';

const seg = (i: number, speaker: string, text: string) => ({ id: String(i), startMs: i * 5000, endMs: i * 5000 + 4000, speaker, text });
const options = { referenceDate: new Date('2026-12-02T10:00:00Z'), participants: ['Ada', 'Bob'], limit: 10 };

describe('extractActionItems', () => {
  const filler = (i: number) => seg(i, i % 2 ? 'Ada' : 'Bob', 'We looked at the catalogue for a while longer.');

  it('takes the tasks handed out at the end of a meeting, and not the leave-taking said in the same words', () => {
    const lines = [
      ...Array.from({ length: 40 }, (_v, k) => filler(k)),
      seg(40, 'Ada', "For the next meeting, I'll send the revised budget to everyone."),
      ...Array.from({ length: 8 }, (_v, k) => filler(k + 41)),
      seg(49, 'Ada', "Okay, I'm gonna have to call this to a close."),
      ...Array.from({ length: 8 }, (_v, k) => filler(k + 50)),
      seg(58, 'Bob', "I'm gonna take the microphones off now."),
      ...Array.from({ length: 8 }, (_v, k) => filler(k + 59)),
      seg(67, 'Ada', "I'll see you in half an hour."),
    ];
    const items = extractActionItems(splitTranscript(lines), options);
    expect(items.map((item) => item.segmentIds)).toEqual([['40']]);
    expect(items[0].title.toLowerCase()).toContain('send the revised budget');
  });

  it('still takes a commitment that names a later meeting rather than leaving', () => {
    const lines = [
      ...Array.from({ length: 40 }, (_v, k) => filler(k)),
      seg(40, 'Bob', "I'll talk to the supplier before the next meeting."),
    ];
    expect(extractActionItems(splitTranscript(lines), options).map((item) => item.segmentIds)).toEqual([['40']]);
  });
});
