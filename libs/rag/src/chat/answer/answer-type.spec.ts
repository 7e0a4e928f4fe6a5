import { answersType, askedType } from './answer-type';

describe('askedType', () => {
  it.each([
    ['When do we launch', 'time'],
    ['what date is the review', 'time'],
    ['how long does shipping take', 'time'],
    ['How much does the case cost', 'amount'],
    ["what's the budget", 'amount'],
    ['how many units do we order', 'amount'],
    ['who writes the release notes', undefined],
    ['what did Carol say about the casing', undefined],
  ])('"%s" asks for %s', (clause, type) => {
    expect(askedType(clause)).toBe(type);
  });
});

describe('answersType', () => {
  it.each([
    ['We launch on January 15th.', true],
    ['Bob will send it by Friday.', true],
    ['Shipping takes three weeks.', true],
    ['We meet again next Tuesday at 10am.', true],
    ['Today we need to settle the launch date.', false],
    ['Right now the launch is blocked.', false],
    ['I may change the launch plan.', false],
  ])('"%s" names a time: %s', (sentence, expected) => {
    expect(answersType(sentence, 'time')).toBe(expected);
  });

  it.each([
    ['The case costs twelve euros.', true],
    ['The cap is $20,000.', true],
    ['We order 500 units.', true],
    ['The budget is still open.', false],
  ])('"%s" names an amount: %s', (sentence, expected) => {
    expect(answersType(sentence, 'amount')).toBe(expected);
  });
});
