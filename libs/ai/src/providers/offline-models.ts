import { type AiTask, LOCAL_MODEL, type ProviderRef } from '@quorum/platform';

/** The model name analyses made by the offline algorithms carry. */
export const LOCAL_ANALYSIS_MODEL = 'quorum-local-v1';

/** What the chat task's offline answer is recorded as (chat messages, ai_usage): extractive, from the passages. */
export const LOCAL_CHAT_MODEL = 'extractive-v1';

/**
 * What `local`, at the end of every chain, does for each task when no remote provider answers: the offline analysis
 * for summary and extraction (run by the analysis itself when the chain gives up), the extractive answer for chat,
 * hashed lexical vectors for embeddings; it cannot transcribe.
 */
export const OFFLINE_MODELS: Readonly<Record<AiTask, string | null>> = {
  summary: LOCAL_ANALYSIS_MODEL,
  extraction: LOCAL_ANALYSIS_MODEL,
  chat: LOCAL_CHAT_MODEL,
  embeddings: LOCAL_MODEL,
  transcription: null,
};

/** A chain as an operator should read it: `local` under the name of what it does for the task ("none" where it cannot). */
export const shownChain = (task: AiTask, chain: readonly ProviderRef[]): ProviderRef[] =>
  chain.map((ref) => (ref.provider === 'local' ? { provider: 'local', model: OFFLINE_MODELS[task] ?? 'none' } : { ...ref }));
