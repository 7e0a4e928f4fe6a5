import { cleanUtterance } from './clean-utterance';

describe('cleanUtterance', () => {
  it.each([
    ['drops annotation markers and fillers', '{vocalsound} Um so we uh need a {gap} new case .', 'So we need a new case.'],
    ['drops a restart after a disfluency marker', "which one {disfmarker} which one you 're on", "Which one you're on"],
    ['drops a false start that prefixes the next word', 'we want th {disfmarker} the yellow one', 'We want the yellow one'],
    ['collapses repeated words and phrases', 'the the remote I think I think has to has to be cheap', 'The remote I think has to be cheap'],
    ['drops cut-off words written without a marker', 'I d I do think W well the v the voice works', 'I do think well the voice works'],
    ['keeps real short words', 'we go to it as a TV', 'We go to it as a TV'],
    ['joins spelled acronyms', 'the L_C_D_ panel and the T_V_', 'The LCD panel and the TV'],
    ['reattaches tokenised punctuation and contractions', "we 're not sure , are n't we ?", "We're not sure, aren't we?"],
    ['leaves nothing of a backchannel made of fillers', 'Mm-hmm . Uh-huh .', ''],
  ])('%s', (_case, input, expected) => {
    expect(cleanUtterance(input)).toBe(expected);
  });
});
