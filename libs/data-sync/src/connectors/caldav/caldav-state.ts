/** Record ids remembered per resource, in all: past this, deletions of the rest are found by the next full read. */
export const MAX_TRACKED_IDS = 20_000;

/** A pass over the collection's changes that has begun but not ended: what is still to be read. */
export interface CalDavPending {
  /** The sync token the server gave for this pass: stored as `syncToken` once the pass ends. */
  syncToken: string;
  /** A full read: its last page names the whole window, so what the store has in it and was not named is gone. */
  full: boolean;
  /** Changed (or, in a full read, all) resource hrefs not yet fetched. */
  hrefs: string[];
}

/** The `events` stream's checkpoint. */
export interface CalDavState {
  /** The WebDAV sync token (RFC 6578) of the last finished pass; absent: read everything. */
  syncToken?: string | null;
  /** When the last full read finished (ISO): one is redone daily, as recurring events' occurrences enter the window. */
  fullReadAt?: string | null;
  /** Each resource's href → the record ids it gave, so a deleted or changed resource's gone occurrences are named. */
  resources?: Record<string, string[]>;
  pending?: CalDavPending | null;
}

/** The ids `href` gave before and gives no more (all of them when `now` is empty: the resource is gone). */
export function goneIds(resources: Record<string, string[]>, href: string, now: readonly string[]): string[] {
  const kept = new Set(now);
  return (resources[href] ?? []).filter((id) => !kept.has(id));
}

/**
 * Remembers the ids `href` gives now (forgets it when none), within MAX_TRACKED_IDS in all; answers false when it
 * could not (the resource is then forgotten: a later deletion of it shows on the next full read instead).
 */
export function track(resources: Record<string, string[]>, href: string, ids: readonly string[]): boolean {
  delete resources[href];
  if (ids.length === 0) return true;
  let total = 0;
  for (const list of Object.values(resources)) total += list.length;
  if (total + ids.length > MAX_TRACKED_IDS) return false;
  resources[href] = [...ids];
  return true;
}
