import type { SyncEntity } from '../connectors/connector';

/** A local entity as data sync sees it: its synced fields as JSON, and when it last changed. */
export interface LocalEntity {
  id: string;
  updatedAt: Date;
  fields: Record<string, unknown>;
}

/**
 * One kind of local entity, read and written through its own library's service (never its tables), so validation,
 * events, audit and realtime happen as for any other write. Writes throw ProblemException for data the entity refuses.
 */
export interface LocalEntities {
  readonly entity: SyncEntity;
  /** The synced fields, in a fixed order (hashes and conflicts walk them). */
  readonly fieldNames: readonly string[];
  /** Problems with fields a transformation produced, as `field: message` lines. */
  check(fields: Record<string, unknown>): string[];
  get(id: string): Promise<LocalEntity | null>;
  create(fields: Record<string, unknown>): Promise<LocalEntity>;
  update(id: string, changes: Record<string, unknown>): Promise<LocalEntity>;
  /** The source deleted the record: what that means locally (a meeting is cancelled, an action item is left). */
  removed(id: string): Promise<'cancelled' | 'kept'>;
  changedSince(after: { at: Date; id: string } | null, limit: number): Promise<LocalEntity[]>;
}

const isString = (value: unknown, max: number) => typeof value === 'string' && value.length <= max;
const isInstant = (value: unknown) => typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));

/** Shared checks of field values: a transformation must produce what the entity takes. */
export const fieldChecks = {
  text: (max: number, nullable: boolean) => (value: unknown) =>
    (nullable && value === null) || isString(value, max)
      ? null
      : `must be a string of at most ${max} characters${nullable ? ' or null' : ''}`,
  instant: (nullable: boolean) => (value: unknown) =>
    (nullable && value === null) || isInstant(value) ? null : `must be an ISO 8601 date-time${nullable ? ' or null' : ''}`,
  oneOf: (values: readonly string[]) => (value: unknown) =>
    typeof value === 'string' && values.includes(value) ? null : `must be one of ${values.join(', ')}`,
  boolean: (value: unknown) => (typeof value === 'boolean' ? null : 'must be true or false'),
};

export function checkFields(checks: Record<string, (value: unknown) => string | null>, fields: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const check = checks[name] as ((value: unknown) => string | null) | undefined;
    if (!check) problems.push(`${name}: is not a field of this entity`);
    else {
      const problem = check(value);
      if (problem) problems.push(`${name}: ${problem}`);
    }
  }
  return problems;
}
