/**
 * A function that a module depending on this library plugs in once, at start-up: how the exports reach what other
 * modules own (the analysis, the action items, the masking rules) without this library depending on them. Providing
 * a second one is a wiring mistake, so it throws rather than silently replacing the first.
 */
export abstract class ProvidedSource<S> {
  private source?: S;

  /** What the source is for, as the error of a second provide() names it. */
  protected abstract readonly purpose: string;

  provide(source: S): void {
    if (this.source) throw new Error(`${this.purpose} already has a source`);
    this.source = source;
  }

  /** The source, or undefined while no module has provided one. */
  protected get provided(): S | undefined {
    return this.source;
  }
}
