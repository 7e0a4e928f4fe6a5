import { randomUUID } from 'node:crypto';

/**
 * What a module announces after a change commits. Realtime fans these out to
 * Socket.IO rooms; caches and rules listen to them. `version` is the entity's
 * new version, so a client can drop duplicates (same eventId) and notice gaps
 * (a version it skipped).
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

export function domainEvent<T>(init: Omit<DomainEvent<T>, 'eventId' | 'occurredAt'>): DomainEvent<T> {
  return { eventId: randomUUID(), occurredAt: new Date().toISOString(), ...init };
}
