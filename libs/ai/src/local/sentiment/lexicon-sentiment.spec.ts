import { splitTranscript } from '../text/sentences';
import { lexiconSentiment, sentencePolarity } from './lexicon-sentiment';

const sentence = (text: string) => splitTranscript([{ id: '1', startMs: 0, endMs: 1, speaker: 'A', text }])[0].sentences[0];

describe('lexicon sentiment', () => {
  it('scores praise positive and complaints negative', () => {
    expect(sentencePolarity(sentence('This prototype is excellent, really impressive work.'))).toEqual({ positive: 5, negative: 0 });
    expect(sentencePolarity(sentence('The battery is a problem and the menu is confusing.'))).toEqual({ positive: 0, negative: 4 });
  });

  it('flips a polar word after a negation', () => {
    expect(sentencePolarity(sentence('That is not good at all.'))).toEqual({ positive: 0, negative: 1.5 });
  });

  it('reports per speaker and over time, in a fixed order', () => {
    const sentences = splitTranscript([
      { id: '1', startMs: 0, endMs: 1000, speaker: 'B', text: 'Great idea, I love it.' },
      { id: '2', startMs: 1000, endMs: 2000, speaker: 'A', text: 'It is too expensive and slow.' },
    ]).flatMap((s) => s.sentences);
    const result = lexiconSentiment(sentences);
    expect(result.bySpeaker.map((s) => [s.speaker, Math.sign(s.score)])).toEqual([
      ['A', -1],
      ['B', 1],
    ]);
    expect(result.overTime).toHaveLength(10);
  });
});
