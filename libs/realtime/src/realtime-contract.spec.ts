import { randomUUID } from 'node:crypto';
import { type DomainEvent } from '@quorum/platform';
import { roomFor, toRealtimeEvent } from './realtime-contract';

const TENANT = '11111111-1111-4111-8111-111111111111';
const MEETING = '22222222-2222-4222-8222-222222222222';
const USER = '33333333-3333-4333-8333-333333333333';

// Built by hand, not with domainEvent(): routing must also be right for event families no module publishes yet.
const event = (type: string, extra: Partial<DomainEvent> = {}): DomainEvent => ({
  eventId: randomUUID(),
  occurredAt: new Date().toISOString(),
  type,
  tenantId: TENANT,
  entityId: MEETING,
  version: 3,
  actorUserId: USER,
  data: {},
  ...extra,
});

describe('realtime routing', () => {
  it.each(['meeting.created', 'meeting.updated', 'meeting.deleted', 'action_item.created', 'action_item.updated', 'action_item.deleted'])(
    'sends %s to the tenant',
    (type) => {
      expect(roomFor(event(type, { meetingId: MEETING }))).toBe(`tenant:${TENANT}`);
    },
  );

  it.each(['transcript.appended', 'transcript.replaced', 'analysis.completed'])('sends %s to the meeting room only', (type) => {
    expect(roomFor(event(type, { meetingId: MEETING }))).toBe(`meeting:${MEETING}`);
    expect(roomFor(event(type))).toBeUndefined();
  });

  it('sends notifications to their recipient only', () => {
    expect(roomFor(event('notification.created', { data: { userId: USER } }))).toBe(`user:${USER}`);
    expect(roomFor(event('notification.created', { data: {} }))).toBeUndefined();
    expect(roomFor(event('notification.created', { data: null }))).toBeUndefined();
  });

  it('sends nothing of families it does not know', () => {
    expect(roomFor(event('member.role_changed'))).toBeUndefined();
    expect(roomFor(event('tenant.updated'))).toBeUndefined();
    expect(roomFor(event('meetingx.created'))).toBeUndefined();
  });

  it('puts everything a client needs to dedupe and spot gaps on the wire, and not the tenant', () => {
    const e = event('transcript.appended', { meetingId: MEETING, data: { revision: 3 } });
    expect(toRealtimeEvent(e)).toEqual({
      eventId: e.eventId,
      type: 'transcript.appended',
      entityId: MEETING,
      version: 3,
      occurredAt: e.occurredAt,
      actorUserId: USER,
      meetingId: MEETING,
      data: { revision: 3 },
    });
    expect(toRealtimeEvent(event('action_item.created'))).not.toHaveProperty('meetingId');
  });
});
