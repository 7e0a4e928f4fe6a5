export const GRAPH_DEFAULT_BASE_URL = 'https://graph.microsoft.com/v1.0';
export const GRAPH_DEFAULT_AUTHORITY_URL = 'https://login.microsoftonline.com';

/** A microsoft_calendar source's settings, with their defaults. */
export interface GraphSettings {
  baseUrl: string;
  /** The mailbox (id or user principal name); without it `/me`, the token's own user. */
  userId: string | null;
  windowPastDays: number;
  windowDays: number;
  /** Events per delta page (`Prefer: odata.maxpagesize`). */
  pageSize: number;
  authorityUrl: string;
}

const KNOWN = ['baseUrl', 'userId', 'windowPastDays', 'windowDays', 'pageSize', 'authorityUrl'];

export function graphSettings(settings: Record<string, unknown>): GraphSettings {
  const number = (key: string, fallback: number) => (typeof settings[key] === 'number' ? (settings[key] as number) : fallback);
  return {
    baseUrl: (typeof settings.baseUrl === 'string' ? settings.baseUrl : GRAPH_DEFAULT_BASE_URL).replace(/\/+$/, ''),
    userId: typeof settings.userId === 'string' && settings.userId ? settings.userId : null,
    windowPastDays: number('windowPastDays', 30),
    windowDays: number('windowDays', 90),
    pageSize: number('pageSize', 100),
    authorityUrl: (typeof settings.authorityUrl === 'string' ? settings.authorityUrl : GRAPH_DEFAULT_AUTHORITY_URL).replace(/\/+$/, ''),
  };
}

/** Problems with a source's settings and credentials, as `field: message` lines. */
export function validateGraphSource(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(settings))
    if (!KNOWN.includes(key)) problems.push(`settings.${key}: is not a setting of a microsoft_calendar source`);
  for (const key of ['baseUrl', 'authorityUrl']) {
    const value = settings[key];
    if (value !== undefined && !isHttpUrl(value)) problems.push(`settings.${key}: must be an http(s) URL of at most 2048 characters`);
  }
  if (settings.userId !== undefined && (typeof settings.userId !== 'string' || !/^[^\s/?#]{1,320}$/.test(settings.userId)))
    problems.push('settings.userId: must be a user id or user principal name (no spaces, / ? or #)');
  for (const [key, min, max] of [
    ['windowDays', 0, 730],
    ['windowPastDays', 0, 365],
    ['pageSize', 1, 999],
  ] as const) {
    const value = settings[key];
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < min || (value as number) > max))
      problems.push(`settings.${key}: must be a whole number from ${min} to ${max}`);
  }
  const keys = Object.keys(credentials ?? {})
    .sort()
    .join(',');
  if (keys === 'clientId,clientSecret,tenantId') {
    // An application token has no `/me`: it reads one named mailbox.
    if (settings.userId === undefined) problems.push('settings.userId: is required with client credentials (an application has no /me)');
    if (!/^[A-Za-z0-9.-]{1,100}$/.test(credentials!.tenantId)) problems.push('credentials.tenantId: must be a tenant id or domain');
  } else if (keys !== 'accessToken')
    problems.push('credentials: give accessToken (a bearer token), or tenantId, clientId and clientSecret (client credentials)');
  for (const [key, value] of Object.entries(credentials ?? {}))
    if (typeof value !== 'string' || !value || value.length > 8000)
      problems.push(`credentials.${key}: must be a string of 1 to 8000 characters`);
  return problems;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2048 || !/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
