/**
 * Everything a benchmark creates (processes, databases, Redis keys, sockets)
 * registers how to undo it here, as soon as it exists, so one finally block
 * can undo it all in reverse order, whichever step failed.
 */
export class Cleanup {
  private readonly steps: { label: string; run: () => Promise<void> | void }[] = [];

  add(label: string, run: () => Promise<void> | void): void {
    this.steps.push({ label, run });
  }

  /** Runs every step even if some fail (a failed cleanup must not leave the rest behind); reports failures on stderr. */
  async run(): Promise<void> {
    while (this.steps.length) {
      const { label, run } = this.steps.pop()!;
      try {
        await run();
      } catch (error) {
        process.stderr.write(`cleanup: ${label} failed: ${(error as Error).message}\n`);
      }
    }
  }
}
