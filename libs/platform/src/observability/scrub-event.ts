import type { ErrorEvent } from '@sentry/nestjs';

export const REDACTED = '[redacted]';

/**
 * Keys whose values are credentials or what someone said, wherever they sit
 * in an event, compared lower-case without `-` and `_` (so `refresh_token`,
 * `refreshToken` and `Set-Cookie` all match).
 */
const SENSITIVE_KEY = /^(text|content|body|transcript.*|.*password.*|.*token.*|.*secret.*|authorization|.*cookie.*|xapikey|apikey)$/;

/** The only request headers kept: they describe the client, never authenticate it. */
const SAFE_HEADERS = new Set(['user-agent', 'content-type', 'content-length', 'accept', 'x-request-id']);

/**
 * Values inside error messages. PostgreSQL quotes the values it names ("invalid input syntax for type uuid: "…"")
 * and spells out rows and keys in its details; JSON.parse quotes the text it choked on. Identifiers quoted the same
 * way are lost with them: the stack and the SQLSTATE tag still say where it failed.
 */
const MESSAGE_VALUES: [RegExp, string][] = [
  [/(Failing row contains )\(.*\)/gs, `$1(${REDACTED})`],
  [/(Key \([^)]*\)=)\(.*\)/gs, `$1(${REDACTED})`],
  [/"(?:[^"\\]|\\.)*"/gs, `"${REDACTED}"`],
  [/\bBearer\s+[^\s,;"]+/gi, `Bearer ${REDACTED}`],
  [/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, REDACTED],
  [/([?&][^=&\s]*(?:token|password|secret|key|code|signature)[^=&\s]*=)[^&\s]*/gi, `$1${REDACTED}`],
];

export function scrubMessage(message: string): string {
  return MESSAGE_VALUES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

/**
 * Sentry's beforeSend: what leaves the process names where an error happened
 * (route template, ids, stack) and nothing a client sent. Request bodies,
 * query strings, cookies and credentials go, so do free-form extras and
 * breadcrumb data (where transcript text could hide), and values inside
 * error messages. The reporter attaches none of these in the first place;
 * this is the net under it, for whatever an SDK integration or a future
 * caller adds.
 */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  if (event.request) {
    const headers = Object.entries(event.request.headers ?? {}).filter(([name]) => SAFE_HEADERS.has(name.toLowerCase()));
    // The raw URL is dropped too: its path holds ids and its query string may hold tokens; the route tag says where.
    event.request = { method: event.request.method, headers: Object.fromEntries(headers) };
  }
  delete event.extra;
  if (event.user) event.user = event.user.id === undefined ? undefined : { id: event.user.id };
  if (event.message) event.message = scrubMessage(event.message);
  if (event.logentry?.message) event.logentry = { message: scrubMessage(event.logentry.message) };
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = scrubMessage(exception.value);
    // Local variables hold whatever the failing code was handling.
    for (const frame of exception.stacktrace?.frames ?? []) delete frame.vars;
  }
  for (const breadcrumb of event.breadcrumbs ?? []) {
    delete breadcrumb.data;
    if (breadcrumb.message) breadcrumb.message = scrubMessage(breadcrumb.message);
  }
  const seen = new WeakSet<object>();
  for (const [key, value] of Object.entries(event)) {
    // The SDK's own bookkeeping (scopes, the client): never sent, and not ours to rewrite.
    if (key !== 'sdkProcessingMetadata') redactSensitiveKeys(event, key, value, seen);
  }
  return event;
}

function redactSensitiveKeys(parent: object, key: string, value: unknown, seen: WeakSet<object>): void {
  if (SENSITIVE_KEY.test(key.toLowerCase().replace(/[-_]/g, ''))) {
    (parent as Record<string, unknown>)[key] = REDACTED;
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  for (const [childKey, child] of Object.entries(value)) redactSensitiveKeys(value, childKey, child, seen);
}
