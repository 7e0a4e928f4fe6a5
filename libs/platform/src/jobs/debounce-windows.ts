/** The window a change falls in, and how long until it ends (when its job should run). */
export interface DebounceSlot {
  window: number;
  delayMs: number;
}

/**
 * Debounces per-key jobs into fixed time windows: a burst of changes to one thing (a live meeting's appends) makes
 * one job, keyed by the thing and its window and run at the window's end, so it reads everything said by then.
 * The job key already makes a repeat in the same window a no-op in the store; this remembers, per process, which
 * window each key was last queued for, so most repeats never reach the store. Bounded: once it holds `capacity`
 * keys, those of past windows are dropped.
 */
export class DebounceWindows {
  private readonly queued = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly capacity = 5000,
  ) {}

  /** The slot for a change to `key` at `now`, or null when this process already queued `key` in that window. */
  claim(key: string, now = Date.now()): DebounceSlot | null {
    const window = Math.floor(now / this.windowMs);
    if (this.queued.get(key) === window) return null;
    if (this.queued.size >= this.capacity) for (const [k, seen] of this.queued) if (seen < window) this.queued.delete(k);
    this.queued.set(key, window);
    return { window, delayMs: (window + 1) * this.windowMs - now };
  }

  /** Queueing failed: the next change to `key` tries again. */
  release(key: string): void {
    this.queued.delete(key);
  }
}
