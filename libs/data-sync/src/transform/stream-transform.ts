import jsonata from 'jsonata';

/** The longest expression a transformation rule may hold. */
export const MAX_EXPRESSION_LENGTH = 2000;
/** An expression evaluating more nodes, nesting deeper or running longer than this is stopped (with the reason). */
const MAX_STEPS = 50_000;
const MAX_DEPTH = 200;
const MAX_MS = 100;

// JSONata's evaluation hooks, bound under these symbols (its typings only name string keys).
const ENTRY = Symbol.for('jsonata.__evaluate_entry') as unknown as string;
const EXIT = Symbol.for('jsonata.__evaluate_exit') as unknown as string;

export class TransformError extends Error {
  override readonly name = 'TransformError';
}

type Compiled = ReturnType<typeof jsonata>;

/**
 * A stream's transformation rules: field → JSONata expression, evaluated over `{ ...fields, raw }` (the normalised
 * record and the source's own JSON). JSONata is a query language with no access to the process: no JavaScript
 * eval, no I/O. Each evaluation is bounded in steps, depth and time, so a rule cannot hang a run.
 */
export class StreamTransform {
  private constructor(private readonly rules: [string, Compiled][]) {}

  /** Compiles the rules; problems are `transform.<field>: message` lines (unknown field, syntax error with position). */
  static compile(transform: Record<string, string> | undefined, fieldNames: readonly string[]): StreamTransform | string[] {
    const problems: string[] = [];
    const rules: [string, Compiled][] = [];
    for (const [field, expression] of Object.entries(transform ?? {})) {
      if (!fieldNames.includes(field)) {
        problems.push(`transform.${field}: is not a field of the stream (${fieldNames.join(', ')})`);
        continue;
      }
      if (typeof expression !== 'string' || !expression.trim() || expression.length > MAX_EXPRESSION_LENGTH) {
        problems.push(`transform.${field}: must be a JSONata expression of at most ${MAX_EXPRESSION_LENGTH} characters`);
        continue;
      }
      try {
        rules.push([field, jsonata(expression)]);
      } catch (error) {
        const e = error as { message?: string; position?: number };
        problems.push(
          `transform.${field}: ${e.message ?? 'is not a JSONata expression'}${e.position !== undefined ? ` (at ${e.position})` : ''}`,
        );
      }
    }
    return problems.length ? problems : new StreamTransform(rules);
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** The record's fields with each rule's result in place; throws TransformError naming the rule that failed. */
  async apply(fields: Record<string, unknown>, raw: Record<string, unknown> | undefined): Promise<Record<string, unknown>> {
    if (!this.rules.length) return fields;
    const input = { ...fields, raw: raw ?? {} };
    const out = { ...fields };
    for (const [field, expression] of this.rules) {
      let steps = 0;
      let depth = 0;
      const started = performance.now();
      expression.assign(ENTRY, () => {
        if (++steps > MAX_STEPS || ++depth > MAX_DEPTH || performance.now() - started > MAX_MS)
          throw new TransformError(`transform.${field}: stopped (more than ${MAX_STEPS} steps, ${MAX_DEPTH} levels or ${MAX_MS} ms)`);
      });
      expression.assign(EXIT, () => void depth--);
      let value: unknown;
      try {
        value = await expression.evaluate(input);
      } catch (error) {
        if (error instanceof TransformError) throw error;
        const e = error as { message?: string };
        throw new TransformError(`transform.${field}: ${e.message ?? 'failed'}`);
      }
      // JSONata answers "nothing" as undefined: the field becomes null, as an empty value.
      out[field] = value === undefined ? null : Array.isArray(value) ? [...value] : value;
    }
    return out;
  }
}
