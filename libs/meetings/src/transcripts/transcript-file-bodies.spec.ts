import { parseTranscript, TRANSCRIPT_MEDIA_TYPES } from './formats';
import { TRANSCRIPT_FILE_BODIES } from './transcript-file-bodies';

describe('TRANSCRIPT_FILE_BODIES', () => {
  it('documents every media type the import reads, and no other', () => {
    expect(Object.keys(TRANSCRIPT_FILE_BODIES).sort()).toEqual([...TRANSCRIPT_MEDIA_TYPES].sort());
  });

  it.each(Object.entries(TRANSCRIPT_FILE_BODIES))('gives %s an example that imports as two segments', (mediaType, schema) => {
    const example = (schema as { example: unknown }).example;
    const body = typeof example === 'string' ? example : JSON.stringify(example);
    expect(parseTranscript(body, mediaType).map((s) => [s.speaker, s.text])).toEqual([
      ['Ada', 'Shall we start?'],
      ['Grace', 'Yes, the budget first.'],
    ]);
  });
});
