import type { DomainEvent } from '@quorum/platform';

/** The Socket.IO namespace clients connect to (on the API's host and port, path /socket.io). */
export const REALTIME_NAMESPACE = '/realtime';

export const Rooms = {
  tenant: (tenantId: string) => `tenant:${tenantId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  meeting: (meetingId: string) => `meeting:${meetingId}`,
} as const;

/** Events a client may send; each is answered through its ack with `{ok: true, …}` or `{ok: false, error}`. */
export const ClientEvents = {
  meetingJoin: 'meeting.join',
  meetingLeave: 'meeting.leave',
  transcriptAppend: 'transcript.append',
} as const;
export type ClientEventName = (typeof ClientEvents)[keyof typeof ClientEvents];
export const CLIENT_EVENT_NAMES: readonly string[] = Object.values(ClientEvents);

/** Sent by the server itself rather than relayed from a domain event. */
export const ControlEvents = {
  /** The session behind this connection ended; the payload is a 401 problem, and the server disconnects right after. */
  sessionEnded: 'session.ended',
} as const;

/** What every relayed domain event looks like on the wire, under its `type` as the event name. */
export interface RealtimeEvent<T = unknown> {
  eventId: string;
  type: string;
  entityId: string;
  version: number;
  occurredAt: string;
  actorUserId: string | null;
  meetingId?: string;
  data: T;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: Record<string, unknown> };

/**
 * Who hears an event family (the part of `type` before the first dot).
 * Families not listed are never sent to clients, so a module that adds
 * events decides here, on purpose, who may see them.
 */
const AUDIENCES: Record<string, 'tenant' | 'meeting' | 'user'> = {
  meeting: 'tenant',
  action_item: 'tenant',
  transcript: 'meeting',
  analysis: 'meeting',
  notification: 'user',
};

/** The room a domain event goes to, or undefined when clients must not get it. */
export function roomFor(event: DomainEvent): string | undefined {
  const audience = AUDIENCES[event.type.split('.')[0]];
  switch (audience) {
    case 'tenant':
      return Rooms.tenant(event.tenantId);
    case 'meeting':
      return event.meetingId ? Rooms.meeting(event.meetingId) : undefined;
    case 'user': {
      const userId = (event.data as { userId?: unknown } | null)?.userId;
      return typeof userId === 'string' && userId ? Rooms.user(userId) : undefined;
    }
    default:
      return undefined;
  }
}

/** The wire form: everything but the tenant, which the client's connection already implies. */
export function toRealtimeEvent(event: DomainEvent): RealtimeEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    entityId: event.entityId,
    version: event.version,
    occurredAt: event.occurredAt,
    actorUserId: event.actorUserId,
    ...(event.meetingId ? { meetingId: event.meetingId } : {}),
    data: event.data,
  };
}
