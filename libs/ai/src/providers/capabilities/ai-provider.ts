import type { AiProviderName } from '@quorum/platform';
import type { ChatCapability } from './chat.capability';
import type { EmbeddingsCapability } from './embeddings.capability';
import type { TranscriptionCapability } from './transcription.capability';

/** One provider as the registry holds it: its name and the capabilities it has (the others are absent). */
export interface AiProvider {
  readonly name: AiProviderName;
  readonly chat?: ChatCapability;
  readonly embeddings?: EmbeddingsCapability;
  readonly transcription?: TranscriptionCapability;
}
