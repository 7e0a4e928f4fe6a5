/** Audio to transcribe: bytes in memory, or a file (an upload streamed to disk), read afresh on each attempt. */
export type AudioInput = ({ data: Buffer } | { path: string }) & { filename: string; mimeType?: string };

export interface TranscriptionRequest {
  audio: AudioInput;
  /** ISO-639-1, when known: it helps the model. */
  language?: string;
}

export interface TranscribedSegment {
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  text: string;
  /** Present when the provider diarizes. */
  speaker?: string;
}

export interface TranscriptionResult {
  text: string;
  segments: TranscribedSegment[];
  language?: string;
  durationSeconds?: number;
  tokensIn?: number;
  tokensOut?: number;
}

/** Speech to text in OpenAI's transcription API shape (OpenAI, whisper.cpp or faster-whisper servers). */
export interface TranscriptionCapability {
  transcribe(model: string, request: TranscriptionRequest): Promise<TranscriptionResult>;
}
