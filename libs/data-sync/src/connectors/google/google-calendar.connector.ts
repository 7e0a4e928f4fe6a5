import type { calendar_v3 } from '@googleapis/calendar';
import { Injectable } from '@nestjs/common';
import {
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type MeetingFields,
  type PushRequest,
  type PushResult,
} from '../connector';
import { calendarClient, describeFailure, failureOf } from './google-calendar-client';
import { ORIGIN_PROPERTY, toGoogleEvent, toPushResult, toRecord } from './google-calendar-events';
import { type GoogleCalendarSettings, readSettings, settingsProblems } from './google-calendar-settings';

/** Pages read in one run; a larger calendar goes on from its checkpoint in the next run. */
export const GOOGLE_MAX_PAGES_PER_RUN = 200;
const DAY = 86_400_000;
/** The upper end of a full read's window: a full read has no timeMax (a sync token forbids one later). */
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');

/**
 * The `events` stream's state. `syncToken` is the token of the last finished listing; `listing` is a listing in
 * progress (its next page; `timeMin` when it is a full read), so a run stopped between pages goes on from there and
 * the previous sync token is only replaced once the last page has brought the next one.
 */
interface GoogleCalendarState {
  syncToken?: string | null;
  listing?: { pageToken: string; timeMin?: string | null } | null;
}

type ListParams = calendar_v3.Params$Resource$Events$List;

/**
 * Google Calendar (API v3) through Google's own generated client, the `events` stream: a full read from
 * `windowPastDays` ago, then incremental reads with the sync token Google gives on the last page (410 Gone: a full
 * read again, `reset`). Recurring events are read as their occurrences (`singleEvents`). Pushes insert events with
 * the origin marker `extendedProperties.private.quorumId` and patch them with `If-Match` on the last seen ETag.
 */
@Injectable()
export class GoogleCalendarConnector implements Connector {
  readonly kind = 'google_calendar';
  readonly streams = {
    events: {
      entity: 'meeting',
      directions: ['pull', 'push', 'both'],
      remoteOwns: ['title', 'scheduledStartAt', 'scheduledEndAt', 'participants', 'cancelled'],
    },
  } as const;

  validate(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
    return settingsProblems(settings, credentials);
  }

  urls(settings: Record<string, unknown>): string[] {
    // The token endpoint is called only with a refresh token; its default is vetted when a run calls it.
    const { rootUrl, calendarId, tokenUrl } = readSettings(settings);
    const events = `${rootUrl}calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;
    return settings.tokenUrl === undefined ? [events] : [events, tokenUrl];
  }

  async check(context: ConnectorContext): Promise<void> {
    const settings = readSettings(context.settings);
    const client = await calendarClient(context, settings);
    try {
      await client.events.list({ calendarId: settings.calendarId, maxResults: 1, singleEvents: true, timeMin: new Date().toISOString() });
    } catch (error) {
      throw describeFailure(failureOf(error, context.signal), 'listing the events', settings.calendarId);
    }
  }

  async *read(context: ConnectorContext, stream: string, stored: Record<string, unknown> | null): AsyncIterable<ConnectorPage> {
    this.assertStream(stream);
    const settings = readSettings(context.settings);
    const client = await calendarClient(context, settings);
    const state = (stored ?? {}) as GoogleCalendarState;
    let syncToken = state.syncToken ?? null;
    // A full read (timeMin set) or the changes since syncToken; either may be resumed at a page token.
    let timeMin: string | null = state.listing ? (state.listing.timeMin ?? null) : syncToken ? null : this.timeMin(settings);
    let pageToken: string | null = state.listing?.pageToken ?? null;
    let reset = false;
    let restarted = false;
    // Whether this run read the listing from its first page: only then do its pages cover the whole window.
    let fromStart = !pageToken;
    let log: string[] = [
      timeMin
        ? `${pageToken ? 'resuming the' : 'a'} full read of events ending after ${timeMin}`
        : `${pageToken ? 'resuming the' : 'an'} incremental read (sync token)`,
    ];
    for (let page = 1; ; page++) {
      const params: ListParams = {
        calendarId: settings.calendarId,
        maxResults: settings.pageSize,
        singleEvents: true,
        showDeleted: true,
        ...(timeMin ? { timeMin } : { syncToken: syncToken ?? undefined }),
        ...(pageToken ? { pageToken } : {}),
      };
      let data: calendar_v3.Schema$Events;
      try {
        data = (await client.events.list(params)).data;
      } catch (error) {
        const failure = failureOf(error, context.signal);
        if (failure.status !== 410 || restarted) throw describeFailure(failure, 'listing the events', settings.calendarId);
        restarted = true;
        // Google no longer knows the sync token (or the page token): everything is read again, from the window.
        log.push(
          timeMin
            ? 'Google refused the page token (410 Gone): the full read starts over'
            : 'the sync token expired (410 Gone): a full read follows',
        );
        reset = reset || !timeMin;
        syncToken = null;
        timeMin = this.timeMin(settings);
        pageToken = null;
        fromStart = true;
        page = 0;
        continue;
      }
      const records = (data.items ?? []).map(toRecord);
      const common = { records, ...(reset ? { reset: true } : {}), ...(log.length ? { log } : {}) };
      log = [];
      reset = false;
      const next = data.nextPageToken ?? null;
      if (next) {
        const checkpoint = { syncToken, listing: { pageToken: next, timeMin } };
        if (page >= GOOGLE_MAX_PAGES_PER_RUN) {
          const more = `stopped after ${page} pages; the next run goes on from here`;
          yield { ...common, checkpoint, last: true, log: [...(common.log ?? []), more] };
          return;
        }
        yield { ...common, checkpoint, last: false };
        pageToken = next;
        continue;
      }
      if (!data.nextSyncToken) throw new ConnectorError('the Calendar API gave no nextSyncToken on the last page of events');
      const checkpoint = { syncToken: data.nextSyncToken };
      const unchanged = !timeMin && page === 1 && !pageToken && records.length === 0;
      yield {
        ...common,
        checkpoint,
        last: true,
        ...(timeMin && fromStart ? { window: { from: new Date(timeMin), to: END_OF_TIME } } : {}),
        ...(unchanged ? { notModified: true } : {}),
      };
      return;
    }
  }

  async push(context: ConnectorContext, stream: string, request: PushRequest): Promise<PushResult> {
    this.assertStream(stream);
    const settings = readSettings(context.settings);
    const client = await calendarClient(context, settings);
    const requestBody = toGoogleEvent(request.fields as MeetingFields, { localId: request.localId });
    try {
      if (request.externalId === null) {
        const created = await client.events.insert({ calendarId: settings.calendarId, sendUpdates: 'none', requestBody });
        return toPushResult(created.data);
      }
      const updated = await client.events.patch(
        { calendarId: settings.calendarId, eventId: request.externalId, sendUpdates: 'none', requestBody },
        // Only over the version last seen: a change made on Google since then is not overwritten (412).
        request.version ? { headers: { 'If-Match': request.version } } : {},
      );
      return toPushResult(updated.data);
    } catch (error) {
      const what = request.externalId === null ? 'creating the event' : 'updating the event';
      throw describeFailure(failureOf(error, context.signal), what, settings.calendarId);
    }
  }

  async findPushed(context: ConnectorContext, stream: string, localId: string): Promise<PushResult | null> {
    this.assertStream(stream);
    const settings = readSettings(context.settings);
    const client = await calendarClient(context, settings);
    try {
      const { data } = await client.events.list({
        calendarId: settings.calendarId,
        privateExtendedProperty: [`${ORIGIN_PROPERTY}=${localId}`],
        singleEvents: true,
        maxResults: 10,
      });
      const found = (data.items ?? []).find((event) => event.status !== 'cancelled');
      return found ? toPushResult(found) : null;
    } catch (error) {
      throw describeFailure(failureOf(error, context.signal), 'looking for a pushed event', settings.calendarId);
    }
  }

  private timeMin(settings: GoogleCalendarSettings): string {
    return new Date(Date.now() - settings.windowPastDays * DAY).toISOString();
  }

  private assertStream(stream: string): void {
    if (stream !== 'events') throw new ConnectorError(`a google_calendar source has no stream ${stream}`);
  }
}
