import type { MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Grouping = MetadataStorage['groupByPropertyName'];
type Grouped = ReturnType<Grouping>;
type ValidationMetadata = ReturnType<Lookup>[number];

const CACHED = Symbol('validationMetadataCached');

/**
 * class-validator looks a DTO's rules up again for every object it validates:
 * it filters the class's own metadata and walks every registered class
 * (hundreds here) for `instanceof`, then groups the result by property, a few
 * kilobytes of arrays and closures per validated query or body. The rules of
 * a class change only when a decorator registers more, so the storage answers
 * each (class, schema, options) lookup from a cache that every registration
 * clears. The cached lists are frozen: a caller that tried to change one would
 * throw instead of corrupting the next request's validation. Installed once
 * on class-validator's global storage (idempotent).
 */
export function cacheValidationMetadata(storage: MetadataStorage): void {
  const target = storage as MetadataStorage & { [CACHED]?: true };
  if (target[CACHED]) return;
  target[CACHED] = true;

  let lookups = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let groupings = new WeakMap<ValidationMetadata[], Grouped>();
  // Registrations come by the thousand while the app's modules load, before anything was looked up.
  const clear = () => {
    if (lookups.size === 0) return;
    lookups = new Map();
    groupings = new WeakMap();
  };

  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group: Grouping = storage.groupByPropertyName.bind(storage);
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let forClass = lookups.get(targetConstructor);
    if (!forClass) lookups.set(targetConstructor, (forClass = new Map()));
    let found = forClass.get(key);
    if (!found)
      forClass.set(
        key,
        (found = Object.freeze(lookup(targetConstructor, targetSchema, always, strictGroups, groups)) as ValidationMetadata[]),
      );
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    // Only lists the cache handed out (frozen) are kept; any other list is grouped afresh, as before.
    if (!Object.isFrozen(metadata)) return group(metadata);
    let grouped = groupings.get(metadata);
    if (!grouped) {
      grouped = group(metadata);
      for (const list of Object.values(grouped)) Object.freeze(list);
      groupings.set(metadata, Object.freeze(grouped));
    }
    return grouped;
  };

  for (const register of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const original = storage[register].bind(storage) as (argument: never) => void;
    (storage as unknown as Record<string, (argument: never) => void>)[register] = (argument: never) => {
      clear();
      original(argument);
    };
  }
}
