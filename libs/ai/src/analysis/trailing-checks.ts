/**
 * Runs a check once per key, `delayMs` after the first request for it since its last run: a burst of
 * requests makes one check, which sees the state at the burst's end. Pending checks are run at once by
 * `flush` (shutdown), so none is lost to a restart.
 */
export class TrailingChecks {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; check: () => Promise<void> }>();

  constructor(private readonly delayMs: number) {}

  schedule(key: string, check: () => Promise<void>): void {
    if (this.pending.has(key)) return;
    const timer = setTimeout(() => {
      this.pending.delete(key);
      void check();
    }, this.delayMs);
    timer.unref();
    this.pending.set(key, { timer, check });
  }

  async flush(): Promise<void> {
    const checks = [...this.pending.values()];
    this.pending.clear();
    for (const { timer } of checks) clearTimeout(timer);
    await Promise.all(checks.map(({ check }) => check()));
  }
}
