import type { AiProviderName } from '@quorum/platform';

/** Why one provider's call failed, in the few kinds that decide what happens next. */
export type FailureKind =
  'rate-limited' | 'server-error' | 'timeout' | 'network' | 'malformed-response' | 'rejected' | 'invalid-output' | 'interrupted';

/** Kinds worth another attempt at the same provider; the others go straight to the next provider in the chain. */
const RETRYABLE: ReadonlySet<FailureKind> = new Set(['rate-limited', 'server-error', 'timeout', 'network', 'malformed-response']);

/**
 * A provider's call that failed, classified once from the SDK's error and the HTTP response the attempt
 * saw, so retry, circuit and fallback decisions never depend on which SDK threw.
 */
export class ProviderCallError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly provider: AiProviderName,
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderCallError';
    this.retryable = RETRYABLE.has(kind);
  }

  /** Whether the failure says the provider is unwell (counts towards opening its circuit); a 400 of ours does not. */
  get countsAgainstProvider(): boolean {
    if (this.kind === 'rejected') return this.status === 401 || this.status === 403 || this.status === 404;
    return this.kind !== 'invalid-output';
  }
}
