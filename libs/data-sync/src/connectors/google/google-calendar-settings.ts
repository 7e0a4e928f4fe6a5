import { GOOGLE_TOKEN_URL } from './google-oauth-token';

export const GOOGLE_ROOT_URL = 'https://www.googleapis.com/';

/** A google_calendar source's settings, with defaults applied. */
export interface GoogleCalendarSettings {
  calendarId: string;
  /** Where the Calendar API lives: Google's, or a Google-compatible server (and the tests' local one). An origin: the client keeps only that. */
  rootUrl: string;
  /** Google's OAuth 2.0 token endpoint (for a refresh token), or a test's. */
  tokenUrl: string;
  /** How far back the full read goes (`timeMin`); later reads follow the sync token, which has no window. */
  windowPastDays: number;
  /** Events per page (`maxResults`); each page is written with its checkpoint. */
  pageSize: number;
}

const LIMITS = { windowPastDays: [0, 3650], pageSize: [1, 2500] } as const;

export function readSettings(settings: Record<string, unknown>): GoogleCalendarSettings {
  const root = typeof settings.rootUrl === 'string' ? settings.rootUrl : GOOGLE_ROOT_URL;
  return {
    calendarId: typeof settings.calendarId === 'string' && settings.calendarId ? settings.calendarId : 'primary',
    rootUrl: root.endsWith('/') ? root : `${root}/`,
    tokenUrl: typeof settings.tokenUrl === 'string' ? settings.tokenUrl : GOOGLE_TOKEN_URL,
    windowPastDays: typeof settings.windowPastDays === 'number' ? settings.windowPastDays : 30,
    pageSize: typeof settings.pageSize === 'number' ? settings.pageSize : 250,
  };
}

/** Problems with a source's settings and credentials, as `field: message` lines. */
export function settingsProblems(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
  const problems: string[] = [];
  const known = new Set(['calendarId', 'rootUrl', 'tokenUrl', 'windowPastDays', 'pageSize']);
  for (const key of Object.keys(settings))
    if (!known.has(key)) problems.push(`settings.${key}: is not a setting of a google_calendar source`);
  const { calendarId, rootUrl, tokenUrl } = settings;
  if (calendarId !== undefined && (typeof calendarId !== 'string' || !calendarId.trim() || calendarId.length > 1024))
    problems.push('settings.calendarId: must be a calendar id (an e-mail-like id, or "primary") of at most 1024 characters');
  if (rootUrl !== undefined && !isHttpUrl(rootUrl))
    problems.push(
      'settings.rootUrl: must be an http(s) origin such as https://www.googleapis.com/ (no path, user info, query or fragment)',
    );
  for (const [key, [min, max]] of Object.entries(LIMITS)) {
    const value = settings[key];
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < min || (value as number) > max))
      problems.push(`settings.${key}: must be a whole number from ${min} to ${max}`);
  }
  if (tokenUrl !== undefined && !isHttpUrl(tokenUrl, false))
    problems.push('settings.tokenUrl: must be an http(s) URL of at most 2048 characters, without user info, query or fragment');
  const given = new Set(Object.keys(credentials ?? {}));
  const refresh = ['refreshToken', 'clientId', 'clientSecret'];
  if (refresh.some((key) => given.has(key)) && !refresh.every((key) => given.has(key)))
    problems.push('credentials: a refresh token needs refreshToken, clientId and clientSecret together');
  else if (!given.has('accessToken') && !given.has('refreshToken'))
    problems.push(
      'credentials.accessToken: give an OAuth 2.0 access token with a Calendar scope, or refreshToken, clientId and clientSecret',
    );
  for (const [key, value] of Object.entries(credentials ?? {})) {
    if (key !== 'accessToken' && !refresh.includes(key))
      problems.push(
        `credentials.${key}: is not a credential of a google_calendar source (accessToken, refreshToken, clientId, clientSecret)`,
      );
    else if (typeof value !== 'string' || !value || value.length > 4096)
      problems.push(`credentials.${key}: must be a string of 1 to 4096 characters`);
  }
  return problems;
}

function isHttpUrl(value: unknown, originOnly = true): boolean {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      !url.username &&
      !url.password &&
      !url.search &&
      !url.hash &&
      (!originOnly || url.pathname === '/')
    );
  } catch {
    return false;
  }
}
