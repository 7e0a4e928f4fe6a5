import type { RetrievedPassageDto } from '../../retrieval/dto/rag-query.dto';
import { extractiveAnswer, NOTHING_FOUND } from './extractive-answer';

const passage = (sourceType: 'transcript' | 'analysis' | 'document', text: string): RetrievedPassageDto => ({
  id: `${sourceType}-1`,
  score: 1,
  legs: ['lexical'],
  text,
  citation: { sourceType, title: 'Launch planning' },
});

describe('extractiveAnswer', () => {
  it('keeps the speaker on every sentence of a transcript turn, not only on its first', () => {
    const turn = passage(
      'transcript',
      'Alice: Great, we agreed on March 3rd. Bob, can you prepare the press release by Friday?\nBob: Sure, I will prepare the press release.',
    );
    expect(extractiveAnswer('Who prepares the press release?', [turn])).toBe(
      'Alice: Bob, can you prepare the press release by Friday? [1] Bob: Sure, I will prepare the press release. [1]',
    );
  });

  it('quotes sentences in a row that one speaker said in one passage as one quote, with the label and the number once', () => {
    const turn = passage('transcript', 'Pat: So this is the overall budget for our project. Our budget per remote is twelve euros.');
    const other = passage('transcript', 'Sam: The project budget was approved last week.');
    expect(extractiveAnswer('What is the project budget?', [turn, other])).toBe(
      'Pat: So this is the overall budget for our project. Our budget per remote is twelve euros. [1] Sam: The project budget was approved last week. [2]',
    );
  });

  it("drops the label of an analysis passage and numbers each sentence by its passage's rank", () => {
    const item = passage('analysis', 'Action item: Prepare the press release (assigned to Bob), due 2026-12-11');
    const talk = passage('transcript', 'Carol: The press release template is on the shared drive.');
    expect(extractiveAnswer('press release', [item, talk])).toBe(
      'Prepare the press release (assigned to Bob), due 2026-12-11. [1] Carol: The press release template is on the shared drive. [2]',
    );
  });

  it('answers each part of a question, with what it asks for, before adding more on a part already answered, and quotes the same words once', () => {
    const talk = passage(
      'transcript',
      [
        'Ada: Today we need to settle the launch date and the budget for the campaign.',
        'Ada: I propose we launch on January 15th.',
        'Carol: The budget for the event should stay under twenty thousand dollars.',
        'Ada: We agreed on twenty thousand as the cap then.',
      ].join('\n'),
    );
    const summary = passage('analysis', 'Summary: Today we need to settle the launch date and the budget for the campaign.');
    // The agenda sentence shares "launch" and "budget" but names no date and no amount: it answers neither part.
    expect(extractiveAnswer('When do we launch and what is the budget cap?', [talk, summary])).toBe(
      'Ada: I propose we launch on January 15th. [1] Carol: The budget for the event should stay under twenty thousand dollars. [1] ' +
        'Ada: We agreed on twenty thousand as the cap then. [1]',
    );
  });

  it('answers "when" with a sentence that names a date, even after one that only shares the words', () => {
    const talk = passage(
      'transcript',
      [
        'Ada: Thanks for joining. Today we need to settle the launch date and who writes the release notes.',
        'Bob: I propose we launch on January 15th. Does that work for everyone?',
        "Ada: Yes, that works for me. Let's go with January 15th.",
        'Ada: Bob, can you write the release notes by Friday?',
        "Bob: Sure, I'll have the release notes done by Friday.",
      ].join('\n'),
    );
    const answer = extractiveAnswer('When do we launch, and who writes the release notes?', [talk]);
    expect(answer).toContain('Bob: I propose we launch on January 15th. [1]');
    expect(answer).toContain('Ada: Bob, can you write the release notes by Friday? [1]');
    // A speaker named like a month names no date.
    const june = passage('transcript', 'June: The launch needs more testing first.\nBob: We launch in March next year, after the tests.');
    expect(extractiveAnswer('When is the launch?', [june], 1)).toBe('Bob: We launch in March next year, after the tests. [1]');
    const shipping = passage(
      'document',
      'Shipping takes the northern route. Shipping takes priority over returns. Shipping takes careful planning with Zephyr. Shipping takes three weeks to Lyon.',
    );
    expect(extractiveAnswer('How long does shipping take?', [shipping])).toContain('Shipping takes three weeks to Lyon. [1]');
  });

  it('says it found nothing rather than quote sentences that share no word with the question', () => {
    expect(extractiveAnswer('What is the capital of Peru?', [passage('document', 'The car repair garage opens at dawn.')])).toBe(
      NOTHING_FOUND,
    );
    expect(extractiveAnswer('the of and', [passage('document', 'The car repair garage opens at dawn.')])).toBe(NOTHING_FOUND);
  });
});
