import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DAVResponse } from 'tsdav';
import {
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type MeetingFields,
  type PushRequest,
  type PushResult,
  type RemoteRecord,
} from '../connector';
import { type CalendarOccurrence, type ExpansionWindow, NotICalendarError, readCalendar } from '../ical/ical-events';
import { meetingToICalendar, originMarker, pushedFileName, pushedUid } from './caldav-event-text';
import { applyMeetingFields, EventNotWritableError } from './caldav-event-update';
import { type CalDavPending, type CalDavState, goneIds, track } from './caldav-state';

/** tsdav is loaded at a CalDAV source's first request, not with the app: most deployments never sync a CalDAV calendar. */
const tsdav = () => import('tsdav');

/** Calendar resources fetched per page (one calendar-multiget REPORT each), written with their checkpoint. */
export const CALDAV_PAGE_SIZE = 50;
/** The most resources a calendar may list; beyond it the run fails rather than keep an unbounded checkpoint. */
export const CALDAV_MAX_RESOURCES = 20_000;
/** Rounds of a truncated (507) sync-collection answer followed in one pass. */
const MAX_SYNC_ROUNDS = 100;
/** A full read is redone this often: occurrences of unchanged recurring events enter the window as days pass. */
export const CALDAV_FULL_READ_EVERY_MS = 24 * 3_600_000;
const DAY = 86_400_000;
const XMLNS = { 'xmlns:d': 'DAV:', 'xmlns:c': 'urn:ietf:params:xml:ns:caldav' };
/** Every instant a pushed (single) event may have: what it is read back over. */
const ALL_TIME: ExpansionWindow = { from: new Date(-8.64e15), to: new Date(8.64e15) };

/** A deleted record names only its id: fields are required by the type, not read. */
const GONE_FIELDS: MeetingFields = {
  title: '',
  description: null,
  scheduledStartAt: '',
  scheduledEndAt: null,
  participants: [],
  cancelled: true,
};

interface Changes {
  syncToken: string;
  changed: string[];
  gone: string[];
}

interface CalendarObject {
  etag: string;
  data: string;
}

/**
 * A CalDAV calendar collection (RFC 4791) as the `events` stream, spoken through tsdav with the source's fetch.
 * Changes are found with WebDAV sync-collection (RFC 6578): a pass without a token lists every resource (a full
 * read), one with the stored token lists what changed or went away. Changed resources are fetched with
 * calendar-multiget, parsed and expanded by ical.js like the ical connector's feed. Quorum's meetings are pushed as
 * `<calendarUrl>/<localId>.ics` with UID `<localId>@quorum` and the origin marker X-QUORUM-ID; a change to a meeting
 * pulled from the calendar is written into its event (single events only), conditionally on the ETag last read.
 * Settings: `calendarUrl`, `windowDays` (default 90), `windowPastDays` (default 30). Credentials: `username` and
 * `password` (basic) or `token` (bearer).
 */
@Injectable()
export class CalDavConnector implements Connector {
  readonly kind = 'caldav';
  readonly streams = {
    events: {
      entity: 'meeting',
      directions: ['pull', 'push', 'both'],
      remoteOwns: ['title', 'scheduledStartAt', 'scheduledEndAt', 'participants', 'cancelled'],
      localOwns: ['description'],
    },
  } as const;

  /** Resources per page; a property so a test can page a small calendar. */
  pageSize = CALDAV_PAGE_SIZE;

  validate(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
    const problems: string[] = [];
    const known = new Set(['calendarUrl', 'windowDays', 'windowPastDays']);
    for (const key of Object.keys(settings)) if (!known.has(key)) problems.push(`settings.${key}: is not a setting of a caldav source`);
    const url = settings.calendarUrl;
    if (typeof url !== 'string' || !/^https?:\/\/[^/?#]+/i.test(url) || url.length > 2048 || /[?#]/.test(url))
      problems.push('settings.calendarUrl: must be the http(s) URL of a calendar collection (no query), at most 2048 characters');
    for (const [key, max] of [
      ['windowDays', 730],
      ['windowPastDays', 365],
    ] as const) {
      const value = settings[key];
      if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max))
        problems.push(`settings.${key}: must be a whole number from 0 to ${max}`);
    }
    const keys = Object.keys(credentials ?? {})
      .sort()
      .join(',');
    if (keys !== 'password,username' && keys !== 'token')
      problems.push('credentials: give username and password (basic authentication), or token (bearer)');
    for (const [key, value] of Object.entries(credentials ?? {}))
      if (typeof value !== 'string' || value.length === 0 || value.length > 1000)
        problems.push(`credentials.${key}: must be a non-empty string of at most 1000 characters`);
    return problems;
  }

  urls(settings: Record<string, unknown>): string[] {
    return typeof settings.calendarUrl === 'string' ? [settings.calendarUrl] : [];
  }

  async check(context: ConnectorContext): Promise<void> {
    const { propfind } = await tsdav();
    const answers = await propfind({
      url: this.calendarUrl(context),
      props: { 'd:resourcetype': {}, 'd:displayname': {}, 'd:sync-token': {} },
      depth: '0',
      headers: this.auth(context),
      fetch: context.http.fetch,
    });
    const answer = answers.at(0);
    if (!answer?.ok) throw failure(answer?.status ?? 0, 'the calendar');
    const types = Object.keys((answer.props?.resourcetype as Record<string, unknown> | undefined) ?? {});
    if (!types.includes('calendar'))
      throw new ConnectorError('settings.calendarUrl is not a calendar collection (no CalDAV calendar resourcetype)');
    if (answer.props?.syncToken === undefined)
      throw new ConnectorError('the calendar has no DAV:sync-token: the server does not support WebDAV sync (RFC 6578)');
  }

  async *read(context: ConnectorContext, stream: string, stored: Record<string, unknown> | null): AsyncIterable<ConnectorPage> {
    if (stream !== 'events') throw new ConnectorError(`a caldav source has no stream ${stream}`);
    const state = (stored ?? {}) as CalDavState;
    const resources: Record<string, string[]> = { ...(state.resources ?? {}) };
    const window = this.window(context.settings);
    const log: string[] = [];
    let records: RemoteRecord[] = [];
    let reset = false;
    let pending: CalDavPending;

    // A full read resumed from an earlier run does not name the window: that run's pages are not this run's to count.
    const resumed = Boolean(state.pending);
    if (state.pending) {
      pending = state.pending;
      log.push(`resuming a ${pending.full ? 'full read' : 'sync'}: ${pending.hrefs.length} resources left`);
    } else {
      const stale = !state.fullReadAt || Date.now() - Date.parse(state.fullReadAt) > CALDAV_FULL_READ_EVERY_MS;
      let full = !state.syncToken || stale;
      let changes = await this.changes(context, full ? null : (state.syncToken ?? null));
      if (changes === 'invalid-token') {
        reset = true;
        full = true;
        log.push('the server refused the stored sync token: reading the whole calendar again');
        changes = await this.changes(context, null);
        if (changes === 'invalid-token') throw new ConnectorError('the server refused a sync-collection REPORT without a token');
      }
      if (!full && changes.changed.length === 0 && changes.gone.length === 0) {
        yield {
          records: [],
          checkpoint: { ...state, syncToken: changes.syncToken, pending: null },
          last: true,
          notModified: true,
          log: ['no changes since the last sync'],
        };
        return;
      }
      if (full) for (const href of Object.keys(resources)) delete resources[href];
      // A resource the server no longer has: every occurrence it gave is gone.
      for (const href of changes.gone) {
        records.push(...goneIds(resources, href, []).map(goneRecord));
        delete resources[href];
      }
      pending = { syncToken: changes.syncToken, full, hrefs: changes.changed };
      log.push(
        full
          ? `full read: ${changes.changed.length} resources in the calendar`
          : `sync: ${changes.changed.length} resources changed, ${changes.gone.length} deleted`,
      );
    }

    let first = true;
    for (;;) {
      const batch = pending.hrefs.slice(0, this.pageSize);
      const rest = pending.hrefs.slice(this.pageSize);
      const objects = batch.length > 0 ? await this.multiget(context, batch) : new Map<string, CalendarObject>();
      let untracked = 0;
      for (const href of batch) {
        const object = objects.get(this.key(context, href));
        const current = object ? this.records(href, object, window, log) : [];
        // Unreadable data keeps what was known of the resource rather than deleting it.
        if (current === null) continue;
        const idsNow = current.map((r) => r.externalId);
        records.push(...goneIds(resources, href, idsNow).map(goneRecord), ...current);
        if (!track(resources, href, idsNow)) untracked++;
      }
      if (untracked > 0)
        log.push(`too many events to remember which ids ${untracked} resources gave; their deletions show on the next full read`);
      const last = rest.length === 0;
      const checkpoint: CalDavState = last
        ? {
            syncToken: pending.syncToken,
            fullReadAt: pending.full && !resumed ? new Date().toISOString() : (state.fullReadAt ?? null),
            resources: { ...resources },
          }
        : {
            syncToken: state.syncToken ?? null,
            fullReadAt: state.fullReadAt ?? null,
            resources: { ...resources },
            pending: { ...pending, hrefs: rest },
          };
      yield {
        records,
        checkpoint: checkpoint as Record<string, unknown>,
        last,
        ...(last && pending.full && !resumed ? { window } : {}),
        ...(first && reset ? { reset: true } : {}),
        ...(log.length > 0 ? { log: [...log] } : {}),
      };
      if (last) return;
      first = false;
      records = [];
      log.length = 0;
      pending = { ...pending, hrefs: rest };
    }
  }

  async push(context: ConnectorContext, stream: string, request: PushRequest): Promise<PushResult> {
    if (stream !== 'events') throw new ConnectorError(`a caldav source has no stream ${stream}`);
    const fields = request.fields as MeetingFields;
    if (Number.isNaN(Date.parse(fields.scheduledStartAt)))
      throw new ConnectorError('the meeting has no valid start time to write to the calendar');
    if (request.externalId !== null && request.externalId !== pushedUid(request.localId))
      return this.pushExisting(context, request, fields);
    const url = this.resourceUrl(context, request.localId);
    const body = meetingToICalendar(request.localId, fields, new Date());
    const create = request.externalId === null;
    let response = await this.put(context, url, body, create ? null : request.version);
    if (response.status === 412 && create) {
      // An earlier push wrote it and its answer was lost: overwrite that one (it carries this meeting's marker).
      const earlier = await this.get(context, url);
      if (earlier && originMarker(earlier.data) === request.localId) response = await this.put(context, url, body, earlier.etag);
      else
        throw new ConnectorError(`the calendar already holds ${pushedFileName(request.localId)}, not written by Quorum for this meeting`);
    }
    if (response.status === 412)
      throw new ConnectorError(
        'the event changed on the calendar since Quorum last read it (HTTP 412 Precondition Failed); the next pull reads it',
      );
    if (response.status < 200 || response.status >= 300) throw failure(response.status, 'the event');
    const written = await this.findPushed(context, stream, request.localId);
    if (!written) throw new ConnectorError('the calendar accepted the event but does not return it');
    return written;
  }

  async findPushed(context: ConnectorContext, stream: string, localId: string): Promise<PushResult | null> {
    if (stream !== 'events') throw new ConnectorError(`a caldav source has no stream ${stream}`);
    const object = await this.get(context, this.resourceUrl(context, localId));
    if (!object || originMarker(object.data) !== localId) return null;
    const occurrence = parse(object.data, ALL_TIME).at(0);
    if (occurrence === undefined) return null;
    const record = toRecord(occurrence, object.etag, this.resourceUrl(context, localId), localId);
    return { externalId: record.externalId, version: record.version, fields: record.fields as MeetingFields, occursAt: record.occursAt };
  }

  /**
   * Writes into an event the calendar had before Quorum (pulled, now changed in Quorum): found by its UID, only the
   * properties that differ are rewritten, conditionally on the ETag Quorum last read. A single occurrence of a
   * recurring event is refused (it would need an override of its own).
   */
  private async pushExisting(context: ConnectorContext, request: PushRequest, fields: MeetingFields): Promise<PushResult> {
    const uid = request.externalId!;
    if (uid.includes('/'))
      throw new ConnectorError(
        'one occurrence of a recurring event cannot be written to the calendar; change the series in the calendar app',
      );
    const found = await this.findByUid(context, uid);
    if (!found) throw new ConnectorError('the event is gone from the calendar; the next pull marks it deleted');
    let text: string;
    try {
      text = applyMeetingFields(found.data, uid, fields, request.localId, new Date());
    } catch (error) {
      if (error instanceof EventNotWritableError) throw new ConnectorError(`the event cannot be written: ${error.message}`);
      throw error;
    }
    const url = new URL(found.href, this.calendarUrl(context)).href;
    const response = await this.put(context, url, text, request.version ?? found.etag);
    if (response.status === 412)
      throw new ConnectorError(
        'the event changed on the calendar since Quorum last read it (HTTP 412 Precondition Failed); the next pull reads it',
      );
    if (response.status < 200 || response.status >= 300) throw failure(response.status, 'the event');
    const written = await this.get(context, url);
    const occurrence = written ? parse(written.data, ALL_TIME).find((o) => o.externalId === uid) : undefined;
    if (!written || !occurrence) throw new ConnectorError('the calendar accepted the event but does not return it');
    const record = toRecord(occurrence, written.etag, found.href, originMarker(written.data));
    return { externalId: uid, version: record.version, fields: record.fields as MeetingFields, occursAt: record.occursAt };
  }

  /** The resource holding the event `uid` (calendar-query on UID), or null. */
  private async findByUid(context: ConnectorContext, uid: string): Promise<(CalendarObject & { href: string }) | null> {
    const { davRequest } = await tsdav();
    const answers = await davRequest({
      url: this.calendarUrl(context),
      init: {
        method: 'REPORT',
        namespace: 'c',
        headers: { ...this.auth(context), depth: '1', 'content-type': 'application/xml; charset=utf-8' },
        body: {
          'calendar-query': {
            _attributes: XMLNS,
            'd:prop': { 'd:getetag': {}, 'c:calendar-data': {} },
            filter: {
              'comp-filter': {
                _attributes: { name: 'VCALENDAR' },
                'comp-filter': {
                  _attributes: { name: 'VEVENT' },
                  'prop-filter': { _attributes: { name: 'UID' }, 'text-match': { _attributes: { collation: 'i;octet' }, _text: uid } },
                },
              },
            },
          },
        },
      },
      fetch: context.http.fetch,
    });
    if (!isMultistatus(answers.at(0))) throw failure(answers.at(0)?.status ?? 0, 'the calendar');
    // text-match is a substring match: the event's own UID decides.
    for (const [href, object] of objectsOf(answers))
      if (parse(object.data, ALL_TIME).some((o) => o.externalId.split('/')[0] === uid)) return { href, ...object };
    return null;
  }

  /** One sync-collection pass from `token` (null: everything), following truncated (507) answers. */
  private async changes(context: ConnectorContext, token: string | null): Promise<Changes | 'invalid-token'> {
    const collection = new URL(this.calendarUrl(context)).pathname.replace(/\/?$/, '/');
    const changed = new Set<string>();
    const gone = new Set<string>();
    let current = token;
    const { syncCollection } = await tsdav();
    for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
      const answers = await syncCollection({
        url: this.calendarUrl(context),
        props: { 'd:getetag': {} },
        syncLevel: 1,
        syncToken: current ?? '',
        headers: { ...this.auth(context), depth: '0', 'content-type': 'application/xml; charset=utf-8' },
        fetch: context.http.fetch,
      });
      const head = answers.at(0);
      if (!isMultistatus(head)) {
        const status = head?.status ?? 0;
        const text = typeof head?.raw === 'string' ? head.raw : '';
        if ((status === 403 || status === 409 || status === 410) && /valid-sync-token/i.test(text)) return 'invalid-token';
        if (status === 501 || (status === 403 && /supported-report/i.test(text)))
          throw new ConnectorError(
            `the calendar refused the sync-collection REPORT (HTTP ${status}): the server does not support WebDAV sync (RFC 6578)`,
          );
        throw failure(status, 'the calendar');
      }
      const raw = head!.raw as { multistatus: { syncToken?: unknown } };
      const next = raw.multistatus.syncToken;
      if (next === undefined || next === null || String(next) === '')
        throw new ConnectorError('the calendar answered sync-collection without a sync token');
      let truncated = false;
      for (const answer of answers as DAVResponse[]) {
        if (typeof answer.href !== 'string') continue;
        const href = answer.href;
        const path = decodedPath(new URL(href, this.calendarUrl(context)).pathname);
        if (path.replace(/\/?$/, '/') === decodedPath(collection)) {
          if (answer.status === 507) truncated = true;
          continue;
        }
        // A collection is no event (some servers list the calendar itself among its changes).
        if (path.endsWith('/')) continue;
        if (answer.status === 404) {
          changed.delete(href);
          gone.add(href);
        } else if (answer.ok) {
          gone.delete(href);
          changed.add(href);
        }
      }
      if (changed.size + gone.size > CALDAV_MAX_RESOURCES)
        throw new ConnectorError(`the calendar lists more than ${CALDAV_MAX_RESOURCES} resources to read; use a smaller calendar`);
      current = String(next);
      if (!truncated) return { syncToken: current, changed: [...changed], gone: [...gone] };
    }
    throw new ConnectorError(`the calendar's change list did not end after ${MAX_SYNC_ROUNDS} truncated answers`);
  }

  /** The resources' ETags and iCalendar data (calendar-multiget); a resource missing from the answer is gone. */
  private async multiget(context: ConnectorContext, hrefs: string[]): Promise<Map<string, CalendarObject>> {
    const { davRequest } = await tsdav();
    const answers = await davRequest({
      url: this.calendarUrl(context),
      init: {
        method: 'REPORT',
        namespace: 'c',
        headers: { ...this.auth(context), depth: '1', 'content-type': 'application/xml; charset=utf-8' },
        body: { 'calendar-multiget': { _attributes: XMLNS, 'd:prop': { 'd:getetag': {}, 'c:calendar-data': {} }, 'd:href': hrefs } },
      },
      fetch: context.http.fetch,
    });
    if (!isMultistatus(answers.at(0))) throw failure(answers.at(0)?.status ?? 0, 'the calendar');
    const out = new Map<string, CalendarObject>();
    // Keyed by the decoded path: a server may escape an href differently in the multiget than in the sync answer.
    for (const [href, object] of objectsOf(answers)) out.set(this.key(context, href), object);
    return out;
  }

  private key(context: ConnectorContext, href: string): string {
    return decodedPath(new URL(href, this.calendarUrl(context)).pathname);
  }

  /** A resource's records, or null when its data is not iCalendar (logged). */
  private records(href: string, object: CalendarObject, window: ExpansionWindow, log: string[]): RemoteRecord[] | null {
    let occurrences: CalendarOccurrence[];
    try {
      occurrences = parse(object.data, window);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      log.push(`skipped ${href}: ${error.message}`);
      return null;
    }
    const origin = originMarker(object.data);
    return occurrences.map((o) => toRecord(o, object.etag, href, origin));
  }

  private async put(context: ConnectorContext, url: string, body: string, etag: string | null): Promise<Response> {
    const headers = { ...this.auth(context), 'content-type': 'text/calendar; charset=utf-8' };
    const { createObject, updateObject } = await tsdav();
    return etag === null
      ? createObject({ url, data: body, headers: { ...headers, 'if-none-match': '*' }, fetch: context.http.fetch })
      : updateObject({ url, data: body, etag, headers, fetch: context.http.fetch });
  }

  /** GETs one resource: its data and ETag, or null when there is none (404/410). */
  private async get(context: ConnectorContext, url: string): Promise<CalendarObject | null> {
    const response = await context.http.request(url, { headers: { ...this.auth(context), accept: 'text/calendar' } });
    if (response.status === 404 || response.status === 410) return null;
    if (response.status !== 200) throw failure(response.status, 'the event');
    const etag = response.headers.etag;
    return { etag: typeof etag === 'string' && etag ? etag : digest(response.body), data: response.body };
  }

  private calendarUrl(context: ConnectorContext): string {
    const url = String(context.settings.calendarUrl);
    return url.endsWith('/') ? url : `${url}/`;
  }

  private resourceUrl(context: ConnectorContext, localId: string): string {
    return new URL(pushedFileName(localId), this.calendarUrl(context)).href;
  }

  private auth(context: ConnectorContext): Record<string, string> {
    const credentials = context.credentials;
    if (credentials?.token) return { authorization: `Bearer ${credentials.token}` };
    if (credentials?.username !== undefined)
      return {
        authorization: `Basic ${Buffer.from(`${credentials.username}:${(credentials.password as string | undefined) ?? ''}`).toString('base64')}`,
      };
    return {};
  }

  private window(settings: Record<string, unknown>): ExpansionWindow {
    const ahead = typeof settings.windowDays === 'number' ? settings.windowDays : 90;
    const back = typeof settings.windowPastDays === 'number' ? settings.windowPastDays : 30;
    const now = Date.now();
    return { from: new Date(now - back * DAY), to: new Date(now + ahead * DAY) };
  }
}

/** A path with its %-escapes decoded, to compare hrefs however a server escapes them; as it is when malformed. */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The resources in a multistatus answer: href → ETag and calendar data (those without data are left out). */
function objectsOf(answers: DAVResponse[]): Map<string, CalendarObject> {
  const out = new Map<string, CalendarObject>();
  for (const answer of answers) {
    if (typeof answer.href !== 'string' || !answer.ok) continue;
    const data = textOf(answer.props?.calendarData);
    if (data === null) continue;
    out.set(answer.href, { etag: String(answer.props?.getetag ?? '') || digest(data), data });
  }
  return out;
}

/** A 207 answer tsdav parsed (anything else comes back as one entry whose `raw` is the body text). */
function isMultistatus(answer: DAVResponse | undefined): boolean {
  const raw = answer?.raw as unknown;
  return typeof raw === 'object' && raw !== null && (raw as { multistatus?: unknown }).multistatus !== undefined;
}

function parse(data: string, window: ExpansionWindow): CalendarOccurrence[] {
  try {
    return readCalendar(data, window);
  } catch (error) {
    if (error instanceof NotICalendarError) throw new ConnectorError(error.message.replace('the feed', 'the event'));
    throw error;
  }
}

function toRecord(o: CalendarOccurrence, etag: string, href: string, origin: string | null): RemoteRecord<MeetingFields> {
  return {
    externalId: o.externalId,
    occursAt: o.start,
    version: etag,
    updatedAt: o.lastModified ? new Date(o.lastModified) : null,
    fields: {
      title: o.title,
      description: o.description,
      scheduledStartAt: o.start.toISOString(),
      scheduledEndAt: o.end?.toISOString() ?? null,
      participants: o.participants,
      cancelled: o.cancelled,
    },
    raw: {
      href,
      etag,
      uid: o.externalId.split('/')[0],
      sequence: o.sequence,
      lastModified: o.lastModified,
      status: o.cancelled ? 'CANCELLED' : null,
    },
    originLocalId: origin,
  };
}

function goneRecord(externalId: string): RemoteRecord<MeetingFields> {
  return { externalId, version: '', deleted: true, occursAt: null, fields: GONE_FIELDS };
}

/** calendar-data as tsdav gives it: text, or CDATA kept as an object. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as { _cdata?: unknown; _text?: unknown };
    if (typeof v._cdata === 'string') return v._cdata;
    if (typeof v._text === 'string') return v._text;
  }
  return null;
}

/** A version for a server that sends no ETag: the content's hash. */
function digest(data: string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex').slice(0, 32)}`;
}

/** A failed call as an operator reads it; never with the request's headers. */
function failure(status: number, what: string): ConnectorError {
  const reason = `${what} answered HTTP ${status}`;
  if (status === 401 || status === 403)
    return new ConnectorError(`${reason} (check the credentials and the user's access to the calendar)`);
  if (status === 404) return new ConnectorError(`${reason}: the calendar (settings.calendarUrl) does not exist`);
  return new ConnectorError(reason, status === 0 || status >= 500);
}
