import { type GraphEvent, GraphDataError, QUORUM_ID_PROPERTY, graphInstant, toGraphEvent, toMeetingRecord } from './graph-events';
import { validateGraphSource } from './graph-settings';

const event = (change: Partial<GraphEvent> = {}): GraphEvent => ({
  id: 'AAMkAGI2',
  '@odata.etag': 'W/"DwAAABYAAAB"',
  changeKey: 'DwAAABYAAAB',
  subject: '  Quarterly planning ',
  bodyPreview: 'Agenda preview',
  body: { contentType: 'text', content: 'Agenda:\r\n1. Goals\r\n' },
  start: { dateTime: '2027-01-04T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2027-01-04T10:30:00.0000000', timeZone: 'UTC' },
  isCancelled: false,
  lastModifiedDateTime: '2026-12-01T08:15:30.1234567Z',
  attendees: [
    { type: 'required', emailAddress: { name: 'Ada Lovelace', address: 'Ada@Example.com' } },
    { type: 'optional', emailAddress: { name: 'Ada again', address: 'ada@example.com' } },
    { type: 'resource', emailAddress: { name: 'Room 1', address: null } },
    { type: 'required', emailAddress: { name: '', address: 'grace@example.com' } },
  ],
  ...change,
});

describe('graphInstant', () => {
  it('reads UTC wall-clock times with seven fraction digits', () => {
    expect(graphInstant({ dateTime: '2027-01-04T09:00:00.1234567', timeZone: 'UTC' }).toISOString()).toBe('2027-01-04T09:00:00.123Z');
    expect(graphInstant({ dateTime: '2027-01-04T09:00:00' }).toISOString()).toBe('2027-01-04T09:00:00.000Z');
  });

  it('converts IANA zones on both sides of a DST change, and explicit offsets', () => {
    expect(graphInstant({ dateTime: '2027-01-04T09:00:00.0000000', timeZone: 'Europe/Berlin' }).toISOString()).toBe(
      '2027-01-04T08:00:00.000Z',
    );
    expect(graphInstant({ dateTime: '2027-07-05T09:00:00.0000000', timeZone: 'Europe/Berlin' }).toISOString()).toBe(
      '2027-07-05T07:00:00.000Z',
    );
    expect(graphInstant({ dateTime: '2027-03-14T12:00:00', timeZone: 'America/New_York' }).toISOString()).toBe('2027-03-14T16:00:00.000Z');
    expect(graphInstant({ dateTime: '2027-01-04T09:00:00-05:00', timeZone: 'UTC' }).toISOString()).toBe('2027-01-04T14:00:00.000Z');
  });

  it('refuses a Windows zone name or an unreadable time instead of guessing', () => {
    expect(() => graphInstant({ dateTime: '2027-01-04T09:00:00', timeZone: 'Pacific Standard Time' })).toThrow(GraphDataError);
    expect(() => graphInstant({ dateTime: 'tomorrow', timeZone: 'UTC' })).toThrow(/not a Graph date-time/);
  });
});

describe('toMeetingRecord', () => {
  it('maps an event to meeting fields (text body, distinct lower-cased attendees with an address)', () => {
    expect(toMeetingRecord(event())).toEqual({
      externalId: 'AAMkAGI2',
      version: 'W/"DwAAABYAAAB"',
      occursAt: new Date('2027-01-04T09:00:00Z'),
      updatedAt: new Date('2026-12-01T08:15:30.123Z'),
      originLocalId: null,
      fields: {
        title: 'Quarterly planning',
        description: 'Agenda:\n1. Goals',
        scheduledStartAt: '2027-01-04T09:00:00.000Z',
        scheduledEndAt: '2027-01-04T10:30:00.000Z',
        participants: [
          { name: 'Ada Lovelace', email: 'ada@example.com' },
          { name: 'grace@example.com', email: 'grace@example.com' },
        ],
        cancelled: false,
      },
      raw: expect.objectContaining({ id: 'AAMkAGI2', subject: '  Quarterly planning ', isCancelled: false }),
    });
  });

  it('falls back to the preview for an HTML body, to the change key for the version, and reads the origin marker', () => {
    const record = toMeetingRecord(
      event({
        '@odata.etag': undefined,
        body: { contentType: 'html', content: '<p>x</p>' },
        isCancelled: true,
        singleValueExtendedProperties: [{ id: QUORUM_ID_PROPERTY.toLowerCase(), value: 'local-7' }],
      }),
    );
    expect(record.fields).toMatchObject({ description: 'Agenda preview', cancelled: true });
    expect(record.version).toBe('W/"DwAAABYAAAB"');
    expect(record.originLocalId).toBe('local-7');
    expect(toMeetingRecord(event({ body: { contentType: 'text', content: ' \r\n' } })).fields.description).toBeNull();
  });

  it('makes a delta @removed entry a deletion', () => {
    expect(toMeetingRecord({ id: 'gone', '@removed': { reason: 'deleted' } })).toMatchObject({
      externalId: 'gone',
      deleted: true,
      raw: { removed: 'deleted' },
    });
    expect(() => toMeetingRecord({ id: 'no-start', subject: 'x' })).toThrow(GraphDataError);
  });
});

describe('toGraphEvent', () => {
  it('writes UTC times, a text body, attendees and the origin marker; read back it gives the same fields', () => {
    const fields = {
      title: 'Review',
      description: 'Slides',
      scheduledStartAt: '2027-01-04T09:00:00.000Z',
      scheduledEndAt: '2027-01-04T10:00:00.000Z',
      participants: [{ name: 'Ada', email: 'ada@example.com' }],
      cancelled: false,
    };
    const body = toGraphEvent(fields, 'local-1');
    expect(body).toMatchObject({
      start: { dateTime: '2027-01-04T09:00:00.000', timeZone: 'UTC' },
      singleValueExtendedProperties: [{ id: QUORUM_ID_PROPERTY, value: 'local-1' }],
    });
    expect(toMeetingRecord({ id: 'x', ...body } as GraphEvent).fields).toEqual(fields);
    expect(toGraphEvent({ ...fields, scheduledEndAt: null }, 'l').end).toEqual({ dateTime: '2027-01-04T09:30:00.000', timeZone: 'UTC' });
    expect(() => toGraphEvent({ ...fields, scheduledStartAt: 'soon' }, 'l')).toThrow(GraphDataError);
  });
});

describe('validateGraphSource', () => {
  it('accepts a token or client credentials, and refuses a mix', () => {
    expect(validateGraphSource({}, { accessToken: 't' })).toEqual([]);
    expect(validateGraphSource({ userId: 'ada@contoso.com' }, { tenantId: 'contoso.com', clientId: 'c', clientSecret: 's' })).toEqual([]);
    expect(validateGraphSource({}, { accessToken: 't', clientSecret: 's' })).toEqual([
      'credentials: give accessToken (a bearer token), or tenantId, clientId and clientSecret (client credentials)',
    ]);
    expect(validateGraphSource({ userId: 'u' }, { tenantId: '../x', clientId: 'c', clientSecret: 's' })).toEqual([
      'credentials.tenantId: must be a tenant id or domain',
    ]);
  });
});
