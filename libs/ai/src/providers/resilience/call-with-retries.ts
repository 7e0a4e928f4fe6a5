import type { AiProviderName } from '@quorum/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { AttemptProbe } from './attempt-probe';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from './backoff';
import { classifyFailure } from './classify-failure';
import type { ProviderCallError } from './provider-call.error';

export interface RetryOptions {
  timeoutMs: number;
  maxAttempts: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Told of each failed attempt that will be retried (for logs and metrics). */
  onRetry?: (failure: ProviderCallError, attempt: number, delayMs: number) => void;
  /** Leave the last probe armed after success: a stream goes on reading under its deadline. */
  keepArmed?: boolean;
  /** The caller's cancel: it aborts the attempt in flight at once and ends the call with its reason, neither retried nor classified. */
  signal?: AbortSignal;
}

/** What a cancelled call ends with: the reason the caller gave to abort(), as fetch does. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(`cancelled: ${String(reason)}`);
}

export interface AttemptResult<T> {
  value: T;
  probe: AttemptProbe;
  attempts: number;
}

/**
 * Runs `attempt` against one provider until it succeeds, fails in a way not worth repeating, or runs out
 * of attempts. Each attempt has its own deadline (`timeoutMs`) and probe; between attempts it waits the
 * jittered backoff, or what Retry-After asks for (giving up at once when that is longer than the backoff's
 * ceiling). Throws the last failure, classified; or, once the caller's signal is aborted, its reason.
 */
export async function callWithRetries<T>(
  provider: AiProviderName,
  options: RetryOptions,
  attempt: (probe: AttemptProbe) => Promise<T>,
): Promise<AttemptResult<T>> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const { signal } = options;
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw abortReason(signal);
    const probe = new AttemptProbe(signal);
    probe.arm(options.timeoutMs);
    try {
      const value = await probe.run(() => attempt(probe));
      // Some SDKs end a stream quietly when its request is aborted: an "answer" after a cancel is none.
      if (signal?.aborted) throw abortReason(signal);
      if (!options.keepArmed) probe.disarm();
      return { value, probe, attempts: n };
    } catch (error) {
      probe.cancel();
      if (signal?.aborted) throw abortReason(signal);
      const failure = classifyFailure(provider, error, probe);
      if (!failure.retryable || n >= options.maxAttempts) throw failure;
      const delay = retryDelay(n, failure.retryAfterMs, backoff, options.random);
      if (delay === undefined) throw failure;
      options.onRetry?.(failure, n, delay);
      await sleep(delay, undefined, signal ? { signal } : undefined).catch(() => {
        throw abortReason(signal!);
      });
    }
  }
}
