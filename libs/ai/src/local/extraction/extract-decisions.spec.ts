import { splitTranscript } from '../text/sentences';
import { extractDecisions, windowSums } from './extract-decisions';

const seg = (i: number, speaker: string, text: string) => ({ id: String(i), startMs: i * 5000, endMs: i * 5000 + 4000, speaker, text });

describe('windowSums', () => {
  it('adds the weights of every moment within the radius, itself included', () => {
    expect(windowSums([0, 10, 20, 100], [1, 2, 3, 4], 10)).toEqual([3, 6, 5, 4]);
    expect(windowSums([], [], 10)).toEqual([]);
  });
});

describe('extractDecisions', () => {
  it('needs more than a single "yeah" to make a decision', () => {
    const segments = splitTranscript([seg(0, 'A', 'The weather was nice on the way in today.'), seg(1, 'B', 'Yeah.')]);
    expect(extractDecisions(segments, 10)).toEqual([]);
  });

  it('ranks a choice inside a converging discussion above an isolated one', () => {
    const filler = (i: number) => seg(i, i % 2 ? 'C' : 'D', 'We looked at the catalogue for a while longer.');
    const lines = [
      seg(0, 'A', "Let's go with the blue logo on the cover."),
      ...Array.from({ length: 40 }, (_v, k) => filler(k + 1)),
      seg(41, 'A', 'I think we should use rubber for the case.'),
      seg(42, 'B', "Yeah, let's go with rubber, it feels softer."),
      seg(43, 'C', 'Sure, rubber it is, we decided on rubber.'),
      seg(44, 'D', 'Agreed.'),
    ];
    const decisions = extractDecisions(splitTranscript(lines), 1);
    expect(decisions).toHaveLength(1);
    expect(decisions[0].title.toLowerCase()).toContain('rubber');
  });

  it('prefers a choice that closes a topic to an equal one said after the subject changed', () => {
    const filler = (i: number) => seg(i, i % 2 ? 'C' : 'D', 'We looked at the catalogue for a while longer.');
    const lines = [
      ...Array.from({ length: 40 }, (_v, k) => filler(k)),
      seg(40, 'A', "Let's go with the blue logo on the cover."),
      ...Array.from({ length: 4 }, (_v, k) => filler(k + 41)),
      seg(45, 'A', "Let's go with the green paper for the inside."),
    ];
    const segments = splitTranscript(lines);
    expect(extractDecisions(segments, 1)[0].title).toContain('green paper');
    expect(extractDecisions(segments, 1, [40 * 5000 + 4000])[0].title).toContain('blue logo');
  });

  it('credits agreement to the latest proposal, not to an earlier turn another speaker has since answered', () => {
    const lines = [
      seg(0, 'A', 'Today we need to settle the launch date and the budget.'),
      seg(1, 'B', 'I think the launch should be on the third of March.'),
      seg(2, 'C', 'Sounds good to me.'),
      seg(3, 'D', 'Yeah, fine.'),
    ];
    const decisions = extractDecisions(splitTranscript(lines), 10);
    expect(decisions.map((d) => [d.title, d.agreedBy])).toEqual([['The launch should be on the third of March', ['C', 'D']]]);
  });

  it('credits the agreement to the proposal a closing question asks about, and keeps a restating reply in the same item', () => {
    const lines = [
      seg(0, 'A', 'Today we need to settle the launch date and the budget for the campaign.'),
      seg(1, 'B', 'The beta has 340 active teams and churn is down to four percent.'),
      seg(2, 'A', 'Great. I propose we launch on January 15th. Does that work for everyone?'),
      seg(3, 'B', 'Yes, that works for me.'),
      seg(4, 'C', "Agreed. Let's go with January 15th."),
    ];
    const decisions = extractDecisions(splitTranscript(lines), 10);
    expect(decisions.map((d) => [d.title, d.agreedBy, d.segmentIds])).toEqual([['Launch on January 15th', ['B', 'C'], ['2', '3', '4']]]);
  });

  it('lets a question that follows no proposal earn its replies itself', () => {
    const lines = [seg(0, 'A', 'The venue is booked. Shall we keep the budget at twenty thousand dollars?'), seg(1, 'B', 'Yes, agreed.')];
    expect(extractDecisions(splitTranscript(lines), 10).map((d) => [d.title, d.agreedBy])).toEqual([
      [expect.stringContaining('twenty thousand'), ['B']],
    ]);
  });

  it('takes a promised "done" for the commitment it is, not for agreement that makes a decision', () => {
    const lines = [
      seg(0, 'Ada', 'Thanks for joining. Today we need to settle the launch date and who writes the release notes.'),
      seg(1, 'Bob', 'I propose we launch on January 15th. Does that work for everyone?'),
      seg(2, 'Ada', "Yes, that works for me. Let's go with January 15th."),
      seg(3, 'Ada', 'Bob, can you write the release notes by Friday?'),
      seg(4, 'Bob', "Sure, I'll have the release notes done by Friday."),
      seg(5, 'Ada', 'I will update the pricing page next week.'),
      seg(6, 'Bob', 'Okay, done.'),
    ];
    const decisions = extractDecisions(splitTranscript(lines), 10);
    expect(decisions.map((d) => [d.title, d.agreedBy, d.segmentIds])).toEqual([['Launch on January 15th', ['Ada'], ['1', '2']]]);
  });

  it('still counts agreement said after a backchannel or a push-back', () => {
    const lines = [
      seg(0, 'A', "Let's go with the rubber cases from the new supplier."),
      seg(1, 'B', 'Mm-hmm.'),
      seg(2, 'C', 'But the price is high.'),
      seg(3, 'D', 'Yeah, let us order them anyway.'),
    ];
    expect(extractDecisions(splitTranscript(lines), 10)[0]?.agreedBy).toEqual(['D']);
  });
});
