/** The outcome of one doctor check, phrased for the operator reading the terminal. */
export interface CheckResult {
  name: string;
  ok: boolean;
  /** What was found, on one line. */
  detail: string;
  /** The exact step that resolves a failure. */
  fix?: string;
  /** The check could not run because an earlier one failed or left nothing to inspect; it counts as neither pass nor failure. */
  skipped?: boolean;
}

/** A failure translated from a driver error into the operator's terms. */
export interface Explanation {
  problem: string;
  fix: string;
}

export function pass(name: string, detail: string): CheckResult {
  return { name, ok: true, detail };
}

export function fail(name: string, { problem, fix }: Explanation): CheckResult {
  return { name, ok: false, detail: problem, fix };
}

export function skip(name: string, detail: string): CheckResult {
  return { name, ok: true, skipped: true, detail };
}

/** Reads the fields drivers put on errors without trusting their shape: anything may be thrown. */
export function errorField(error: unknown, field: string): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export function errorMessage(error: unknown): string {
  return errorField(error, 'message') ?? String(error);
}
