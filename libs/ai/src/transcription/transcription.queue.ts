import { JobQueue } from '@quorum/platform';

export interface TranscriptionJobInput {
  recordingId: string;
}

export interface TranscriptionJobResult {
  link: string;
  segments: number;
}

/** Recordings to transcribe: one job per recording (its id is the key), so an upload is never transcribed twice at once. */
export class TranscriptionQueue extends JobQueue<TranscriptionJobInput, TranscriptionJobResult> {
  static readonly definition = { name: 'transcription', attempts: 3, backoffMs: 5000 };
}
