import { compressSentence } from './compress-sentence';

describe('compressSentence', () => {
  it.each([
    [
      'drops discourse markers and hedges',
      'So, yeah, I think we should basically use rubber for the case, you know.',
      'We should use rubber for the case.',
    ],
    ['drops filler "like" and softeners', 'And, like, the buttons are just really small.', 'The buttons are small.'],
    ['keeps a sentence with nothing to drop', 'The remote will cost twelve Euros.', 'The remote will cost twelve Euros.'],
    ['keeps what would otherwise be left empty', 'Okay.', 'Okay.'],
  ])('%s', (_case, input, expected) => {
    expect(compressSentence(input)).toBe(expected);
  });
});
