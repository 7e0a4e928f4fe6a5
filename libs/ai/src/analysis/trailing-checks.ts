/**
 * Runs a check once per key, `delayMs` after the first request for it since its last run: a burst of
 * requests makes one check, which sees the state at the burst's end. Pending checks are run at once by
 * `flush` (shutdown), so none is lost to a restart; a check asked for after that (a job still finishing
 * during shutdown) runs at once too, rather than behind a timer the exit would drop.
 */
export class TrailingChecks {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; check: () => Promise<void> }>();
  private flushed = false;

  constructor(private readonly delayMs: number) {}

  schedule(key: string, check: () => Promise<void>): void {
    if (this.flushed) {
      void check();
      return;
    }
    if (this.pending.has(key)) return;
    const timer = setTimeout(() => {
      this.pending.delete(key);
      void check();
    }, this.delayMs);
    timer.unref();
    this.pending.set(key, { timer, check });
  }

  async flush(): Promise<void> {
    this.flushed = true;
    const checks = [...this.pending.values()];
    this.pending.clear();
    for (const { timer } of checks) clearTimeout(timer);
    await Promise.all(checks.map(({ check }) => check()));
  }
}
