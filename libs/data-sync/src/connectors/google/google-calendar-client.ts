import type { calendar_v3 } from '@googleapis/calendar';
import { type ConnectorContext, ConnectorError } from '../connector';
import type { GoogleCalendarSettings } from './google-calendar-settings';
import { GoogleAccessToken } from './google-oauth-token';

/**
 * Google's generated Calendar client (googleapis-common over gaxios) whose every call goes through the source's
 * client: gaxios takes `fetchImplementation` from the API's global options, so the SSRF guard, the rate limit, the
 * retries with Retry-After and the circuit breaker all apply. gaxios' own retries are off (SourceHttp retries).
 * The bearer token is added here, under gaxios, so it is in no gaxios config an error could carry; a 401 with a
 * refresh token at hand refreshes it once and repeats the request.
 * The library is loaded on first use: it takes about a second and 17 MB, which processes without a Google source
 * should not pay at boot.
 */
export async function calendarClient(context: ConnectorContext, settings: GoogleCalendarSettings): Promise<calendar_v3.Calendar> {
  const { calendar_v3: api } = await import('@googleapis/calendar');
  const token = new GoogleAccessToken(context, settings.tokenUrl);
  const fetchImplementation = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    // The source's client reads bodies as they come: no compression asked for (googleapis asks for gzip).
    headers.delete('accept-encoding');
    headers.set('authorization', `Bearer ${await token.current()}`);
    const response = await context.http.fetch(input, { ...init, headers });
    if (response.status !== 401 || !token.refreshable) return response;
    // The access token expired or was revoked: one refresh, and the same request again (its body is a string).
    headers.set('authorization', `Bearer ${await token.refresh()}`);
    return context.http.fetch(input, { ...init, headers });
  };
  return new api.Calendar({ rootUrl: settings.rootUrl, fetchImplementation: fetchImplementation as typeof fetch, retry: false });
}

/** Google's error JSON: `{"error": {"code", "message", "errors": [{"reason"}]}}`. */
interface GoogleErrorBody {
  error?: { code?: number; message?: string; errors?: { reason?: string }[] };
}

/** What went wrong with a call: the HTTP status and Google's reason, or a ConnectorError from the source's client. */
export interface CallFailure {
  status: number | null;
  reason: string | null;
}

/** The status and Google's reason of a failed client call; rethrows ConnectorErrors and aborts as they are. */
export function failureOf(error: unknown, signal: AbortSignal): CallFailure {
  signal.throwIfAborted();
  if (error instanceof ConnectorError) throw error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof ConnectorError) throw cause;
  const response = (error as { response?: { status?: number; data?: unknown } }).response;
  if (!response || typeof response.status !== 'number') {
    // Not an HTTP answer (a body that is not JSON, a bug): say what kind, never the request (it names the URL).
    throw new ConnectorError(`the Calendar API call failed: ${error instanceof Error ? error.name : 'unknown error'}`, true);
  }
  // A body that is not JSON (a proxy's HTML page) has no reason to give.
  const body = response.data as unknown;
  const reason = typeof body === 'object' && body !== null ? ((body as GoogleErrorBody).error?.errors?.[0]?.reason ?? null) : null;
  return { status: response.status, reason };
}

/** A ConnectorError an operator can act on, for a failed call of `what` (e.g. "listing the events"). */
export function describeFailure(failure: CallFailure, what: string, calendarId: string): ConnectorError {
  const status = `HTTP ${failure.status}${failure.reason ? ` (${failure.reason})` : ''}`;
  switch (failure.status) {
    case 401:
      return new ConnectorError(`${what} answered ${status}: check the credentials (the access token may have expired or been revoked)`);
    case 403:
      return new ConnectorError(
        `${what} answered ${status}: check the credentials (the token needs a Calendar scope and access to calendar ${calendarId})`,
        failure.reason === 'rateLimitExceeded' || failure.reason === 'userRateLimitExceeded',
      );
    case 404:
      return new ConnectorError(
        `${what} answered ${status}: the calendar ${calendarId} (or the event) does not exist or is not shared with the account`,
      );
    case 412:
      return new ConnectorError(
        `${what} answered ${status}: the event changed on Google since it was last read; the next pull brings the change`,
        true,
      );
    default:
      return new ConnectorError(`${what} answered ${status}`, failure.status !== null && (failure.status >= 500 || failure.status === 429));
  }
}
