import type { AiProviderName } from '@quorum/platform';
import type { AttemptProbe } from './attempt-probe';
import { ProviderCallError } from './provider-call.error';

/** The HTTP status an SDK error carries: `status` (OpenAI, Anthropic, Gemini) or `status_code` (Ollama). */
function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { status, status_code } = error as { status?: unknown; status_code?: unknown };
  if (typeof status === 'number' && status >= 400) return status;
  if (typeof status_code === 'number' && status_code >= 400) return status_code;
  return undefined;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Turns whatever an SDK threw into a ProviderCallError, with what the attempt's probe saw on the wire. */
export function classifyFailure(provider: AiProviderName, error: unknown, probe: AttemptProbe): ProviderCallError {
  if (error instanceof ProviderCallError) return error;
  if (probe.timedOut)
    return new ProviderCallError(provider, 'timeout', `${provider}: ${messageOf(error)}`, undefined, undefined, { cause: error });
  const status = statusOf(error) ?? (probe.status !== undefined && probe.status >= 400 ? probe.status : undefined);
  const detail = `${provider}: ${messageOf(error)}`.slice(0, 500);
  if (status !== undefined) {
    const kind = status === 429 ? 'rate-limited' : status === 408 ? 'timeout' : status >= 500 ? 'server-error' : 'rejected';
    return new ProviderCallError(provider, kind, detail, status, probe.retryAfterMs, { cause: error });
  }
  // A 2xx arrived but could not be read: malformed or truncated JSON, a broken event stream.
  if (probe.status !== undefined)
    return new ProviderCallError(provider, 'malformed-response', detail, probe.status, undefined, { cause: error });
  return new ProviderCallError(provider, 'network', detail, undefined, undefined, { cause: error });
}
