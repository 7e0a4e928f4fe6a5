import { LOCAL_MODEL } from '@quorum/platform';
import type { AiProvider } from '../capabilities/ai-provider';
import type { EmbeddingsResult } from '../capabilities/embeddings.capability';
import { HASHED_EMBEDDING_DIMENSION, hashedEmbedding } from './hashed-embedding';

/**
 * The provider that needs no key and no network, at the end of every chain. What it can honestly do
 * here: embeddings, lexical (hashed-embedding.ts). Pending: chat and extraction, which are the offline
 * analysis of libs/ai/src/local (summary, action items, decisions …) rather than a general chat model;
 * until that is wired in as this provider's chat, a chain that reaches `local` for a chat task ends in
 * AiUnavailableError and the caller runs the offline analysis itself. It does not transcribe.
 */
export class LocalProvider implements AiProvider {
  readonly name = 'local';

  readonly embeddings = {
    embed: (_model: string, texts: string[]): Promise<EmbeddingsResult> =>
      Promise.resolve({
        vectors: texts.map((text) => hashedEmbedding(text)),
        model: LOCAL_MODEL,
        dimension: HASHED_EMBEDDING_DIMENSION,
      }),
  };
}
