import type { MeetingFields } from '../connector';
import { parseTime, toFields, toGoogleEvent, toRecord } from './google-calendar-events';

describe('Google events as meetings', () => {
  it('reads a timed event with its offset, attendees by name or e-mail, and the origin marker', () => {
    const record = toRecord({
      id: 'abc_20270104T090000Z',
      etag: '"3181161784712000"',
      status: 'confirmed',
      summary: 'Standup',
      description: '',
      updated: '2027-01-01T10:00:00.000Z',
      start: { dateTime: '2027-01-04T09:00:00+01:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2027-01-04T09:15:00+01:00' },
      attendees: [{ email: 'Ada@Example.com', displayName: ' Ada ' }, { email: 'bob@example.com' }, { displayName: 'No e-mail' }],
      extendedProperties: { private: { quorumId: 'local-1' } },
      recurringEventId: 'abc',
    });
    expect(record).toEqual({
      externalId: 'abc_20270104T090000Z',
      version: '"3181161784712000"',
      occursAt: new Date('2027-01-04T08:00:00.000Z'),
      updatedAt: new Date('2027-01-01T10:00:00.000Z'),
      fields: {
        title: 'Standup',
        description: null,
        scheduledStartAt: '2027-01-04T08:00:00.000Z',
        scheduledEndAt: '2027-01-04T08:15:00.000Z',
        participants: [
          { name: 'Ada', email: 'ada@example.com' },
          { name: 'bob@example.com', email: 'bob@example.com' },
        ],
        cancelled: false,
      },
      raw: {
        id: 'abc_20270104T090000Z',
        status: 'confirmed',
        summary: 'Standup',
        start: { dateTime: '2027-01-04T09:00:00+01:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2027-01-04T09:15:00+01:00' },
        recurringEventId: 'abc',
      },
      originLocalId: 'local-1',
    });
  });

  it('reads a deleted event (only id, etag and status) as deleted and cancelled', () => {
    expect(toRecord({ id: 'gone', etag: '"2"', status: 'cancelled' })).toMatchObject({
      externalId: 'gone',
      deleted: true,
      occursAt: null,
      fields: { title: '', cancelled: true, scheduledEndAt: null, participants: [] },
      originLocalId: null,
    });
  });

  it('reads all-day dates as UTC midnight and refuses nonsense times', () => {
    expect(parseTime({ date: '2027-03-01' })).toEqual(new Date('2027-03-01T00:00:00.000Z'));
    expect(parseTime({ date: '1 March' })).toBeNull();
    expect(parseTime({ dateTime: 'soon' })).toBeNull();
    expect(parseTime(undefined)).toBeNull();
  });

  it('writes a meeting as Google reads it back: the same fields after a round trip', () => {
    const fields: MeetingFields = {
      title: 'Review',
      description: null,
      scheduledStartAt: '2027-01-05T13:00:00.000Z',
      scheduledEndAt: '2027-01-05T14:00:00.000Z',
      participants: [
        { name: 'Ada', email: 'ada@example.com' },
        { name: 'bob@example.com', email: 'bob@example.com' },
      ],
      cancelled: false,
    };
    const body = toGoogleEvent(fields, { localId: 'local-2' });
    expect(body).toEqual({
      summary: 'Review',
      description: '',
      start: { dateTime: '2027-01-05T13:00:00.000Z' },
      end: { dateTime: '2027-01-05T14:00:00.000Z' },
      attendees: [{ email: 'ada@example.com', displayName: 'Ada' }, { email: 'bob@example.com' }],
      status: 'confirmed',
      extendedProperties: { private: { quorumId: 'local-2' } },
    });
    expect(toFields({ ...body, id: 'x' })).toEqual(fields);
  });

  it('writes whole UTC days as an all-day event, a meeting without an end as one hour, a cancellation as cancelled', () => {
    const allDay = toGoogleEvent(
      {
        title: 'Offsite',
        description: 'x',
        scheduledStartAt: '2027-02-01T00:00:00.000Z',
        scheduledEndAt: '2027-02-03T00:00:00.000Z',
        participants: [],
        cancelled: true,
      },
      null,
    );
    expect(allDay).toMatchObject({ start: { date: '2027-02-01' }, end: { date: '2027-02-03' }, status: 'cancelled' });
    expect(allDay.extendedProperties).toBeUndefined();
    const open = toGoogleEvent(
      {
        title: 'Call',
        description: null,
        scheduledStartAt: '2027-02-01T00:00:00.000Z',
        scheduledEndAt: null,
        participants: [],
        cancelled: false,
      },
      null,
    );
    expect(open).toMatchObject({ start: { dateTime: '2027-02-01T00:00:00.000Z' }, end: { dateTime: '2027-02-01T01:00:00.000Z' } });
  });
});
