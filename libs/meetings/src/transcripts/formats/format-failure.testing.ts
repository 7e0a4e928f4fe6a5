import { TranscriptFormatError } from './transcript-format.error';

/** For specs: the TranscriptFormatError that `parse` throws; anything else (or nothing) fails the test. */
export function failure(parse: () => unknown): TranscriptFormatError {
  try {
    parse();
  } catch (error) {
    if (error instanceof TranscriptFormatError) return error;
    throw error;
  }
  throw new Error('expected a TranscriptFormatError');
}
