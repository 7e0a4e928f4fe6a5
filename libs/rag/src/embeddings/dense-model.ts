import type { AiConfig, ProviderRef } from '@quorum/platform';

/** An embeddings model as vectors are stored under it: `provider:model`. */
export function modelKey(ref: ProviderRef): string {
  return `${ref.provider}:${ref.model}`;
}

/** `provider:model` back into a ref (the model may itself hold colons, e.g. an Ollama tag). */
export function refOf(key: string): ProviderRef {
  const at = key.indexOf(':');
  return { provider: key.slice(0, at) as ProviderRef['provider'], model: key.slice(at + 1) };
}

/**
 * The model the dense leg embeds with: the first remote entry of AI_EMBEDDINGS_PROVIDER's chain, or null when
 * there is none. `local` (the hashed lexical vector) is never a dense leg: it adds nothing the lexical leg lacks.
 * Later entries are not used either: vectors of two models cannot be compared, so a fallback would mix them.
 */
export function configuredDenseModel(ai: AiConfig): ProviderRef | null {
  return ai.chains.embeddings.find((ref) => ref.provider !== 'local') ?? null;
}

export interface ModelCoverage {
  model: string;
  dimension: number;
  /** The tenant's passages that have a vector of this model. */
  vectors: number;
}

/**
 * Which model answers a tenant's dense queries, given how many of its `chunks` each model covers:
 * - the configured model once it covers every passage;
 * - else the model covering the most passages, the configured one winning ties: during a model change the old
 *   model (complete when the change began) serves until the new one has caught up, and a passage indexed since
 *   the last embedding run is found by the lexical leg alone meanwhile;
 * - null when no model has a vector (nothing embedded yet), and the dense leg does not run.
 */
export function servingModel(configured: string, chunks: number, coverage: readonly ModelCoverage[]): ModelCoverage | null {
  const mine = coverage.find((c) => c.model === configured);
  if (mine && mine.vectors >= chunks) return mine;
  let best: ModelCoverage | null = null;
  for (const c of coverage) {
    if (c.vectors === 0) continue;
    if (!best || c.vectors > best.vectors || (c.vectors === best.vectors && c.model === configured)) best = c;
  }
  return best;
}
