import { AsyncLocalStorage } from 'node:async_hooks';
import { parseRetryAfter } from './retry-after';

/**
 * What one attempt's HTTP exchange showed, and the switch that cancels it. Every SDK is given
 * `probedFetch` as its fetch: it adds the attempt's abort signal to the request and records the
 * response's status and Retry-After, which not every SDK's error carries (Gemini's has no headers,
 * Ollama's only a status). The attempt is found through async context, so one SDK client serves all calls.
 */
export class AttemptProbe {
  status?: number;
  retryAfterMs?: number;
  timedOut = false;
  private readonly controller = new AbortController();
  private readonly combined: AbortSignal;
  private timer?: NodeJS.Timeout;

  /** `caller`: the caller's own signal (a chat the user cancelled); its abort ends the exchange at once, like the deadline does. */
  constructor(caller?: AbortSignal) {
    this.combined = caller ? AbortSignal.any([this.controller.signal, caller]) : this.controller.signal;
  }

  /** Aborted by the deadline, by cancel(), or by the caller. */
  get signal(): AbortSignal {
    return this.combined;
  }

  /**
   * Throws the abort's reason if the exchange was aborted (its deadline, the caller). OpenAI's and
   * Anthropic's SDKs end a stream quietly when its request is aborted, so an iterator that says "done"
   * is only a complete answer when this does not throw.
   */
  throwIfAborted(): void {
    this.combined.throwIfAborted();
  }

  /** (Re)starts the deadline: for a stream, each chunk re-arms it, so it bounds the wait for the next one. */
  arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error(`no answer within ${ms} ms`));
    }, ms);
    this.timer.unref();
  }

  disarm(): void {
    clearTimeout(this.timer);
  }

  /** Ends the exchange (a consumer that stopped reading a stream), releasing the connection. */
  cancel(): void {
    this.disarm();
    this.controller.abort(new Error('cancelled'));
  }

  run<T>(fn: () => T): T {
    return storage.run(this, fn);
  }
}

const storage = new AsyncLocalStorage<AttemptProbe>();

type Fetch = typeof globalThis.fetch;

/** A fetch for SDK clients that reports to the current attempt's probe (and behaves as plain fetch outside one). */
export function probedFetch(base: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const probe = storage.getStore();
    if (!probe) return base(input, init);
    const signal = init?.signal ? AbortSignal.any([init.signal, probe.signal]) : probe.signal;
    const response = await base(input, { ...init, signal });
    probe.status = response.status;
    probe.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return response;
  };
}
