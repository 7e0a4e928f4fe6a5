import { randomUUID } from 'node:crypto';

/**
 * Every domain event's type and the type of its `data`, in one map. Each
 * library adds its own entries next to where it names its events, by
 * declaration merging:
 *
 *   declare module '@quorum/platform' {
 *     interface DomainEventMap { 'meeting.created': MeetingDto }
 *   }
 *
 * so publishing an event (domainEvent) and listening to one (OnDomainEvent)
 * name a key of this map, and the payload's type follows from it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in each library
export interface DomainEventMap {}

export type DomainEventType = keyof DomainEventMap & string;

/**
 * What a module announces after a change commits. Realtime fans these out to
 * Socket.IO rooms; caches and rules listen to them. `version` is the entity's
 * new version (0 for things without one, such as sessions), so a client can
 * drop duplicates (same eventId) and notice gaps (a version it skipped).
 */
export interface DomainEvent<T = unknown> {
  eventId: string;
  /** e.g. `meeting.updated`, `transcript.appended`, `action_item.deleted`. */
  type: string;
  tenantId: string;
  entityId: string;
  version: number;
  occurredAt: string;
  actorUserId: string | null;
  /** The meeting this event belongs to, when it belongs to one (for meeting rooms). */
  meetingId?: string;
  data: T;
}

/** An event of one type of the map, its payload typed accordingly. */
export type DomainEventOf<K extends DomainEventType> = DomainEvent<DomainEventMap[K]> & { type: K };

/** The only way to make an event: the type must be in the map, and the data must be its payload. */
export function domainEvent<K extends DomainEventType>(init: Omit<DomainEventOf<K>, 'eventId' | 'occurredAt'>): DomainEventOf<K> {
  return { eventId: randomUUID(), occurredAt: new Date().toISOString(), ...init } as DomainEventOf<K>;
}
