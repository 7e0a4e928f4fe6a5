import type { OutboundResponse } from '@quorum/platform';
import { type ConnectorContext, ConnectorError } from '../connector';
import { retryAfterMs } from '../source-http';
import type { GitHubSettings } from './github-settings';

/** The REST API version this connector speaks (GitHub answers 400 for one it does not know). */
export const GITHUB_API_VERSION = '2022-11-28';

/**
 * GitHub's REST API v3 over the source's HTTP client: the token as a bearer, GitHub's media type and API version,
 * JSON bodies, and GitHub's failures (bad token, hidden repository, primary and secondary rate limits) as
 * ConnectorErrors an operator can act on. Nothing here ever puts the token into a message.
 */
export class GitHubApi {
  constructor(
    private readonly context: ConnectorContext,
    readonly settings: GitHubSettings,
  ) {}

  get repoPath(): string {
    return `/repos/${encodeURIComponent(this.settings.owner)}/${encodeURIComponent(this.settings.repo)}`;
  }

  get repoName(): string {
    return `${this.settings.owner}/${this.settings.repo}`;
  }

  url(path: string, query: Record<string, string> = {}): string {
    const url = new URL(`${this.settings.apiUrl}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url.href;
  }

  /** One call; any status resolves (the caller decides), network failures reject with the client's ConnectorError. */
  send(method: string, url: string, body?: unknown): Promise<OutboundResponse> {
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': GITHUB_API_VERSION,
    };
    const token = this.context.credentials?.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.context.http.request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  /** A call that must succeed (2xx) and answer JSON; `what` names it in the error. */
  async json<T>(method: string, url: string, what: string, body?: unknown): Promise<{ data: T; response: OutboundResponse }> {
    const response = await this.send(method, url, body);
    if (response.status < 200 || response.status >= 300) throw this.failure(response, what);
    try {
      return { data: JSON.parse(response.body) as T, response };
    } catch {
      throw new ConnectorError(`${what}: GitHub answered HTTP ${response.status} with a body that is not JSON`, true);
    }
  }

  /** The ConnectorError for a failed answer: what happened and what to do about it. */
  failure(response: OutboundResponse, what: string): ConnectorError {
    const status = response.status;
    const said = this.message(response);
    const reason = `${what}: GitHub answered HTTP ${status}${said ? ` (${said})` : ''}`;
    const remaining = header(response, 'x-ratelimit-remaining');
    const retryAfter = retryAfterMs(response.headers['retry-after']);
    if ((status === 403 || status === 429) && retryAfter !== null)
      return new ConnectorError(`${reason}: a secondary rate limit; retry after ${at(Date.now() + retryAfter)}`, true);
    if ((status === 403 || status === 429) && remaining === '0') {
      const reset = Number(header(response, 'x-ratelimit-reset'));
      const when = Number.isFinite(reset) && reset > 0 ? at(reset * 1000) : 'the rate limit resets (within an hour)';
      return new ConnectorError(`${reason}: the token's rate limit is used up; retry after ${when}`, true);
    }
    if (status === 429) return new ConnectorError(`${reason}: rate-limited; try again later`, true);
    if (status === 401) return new ConnectorError(`${reason}: check the token (it may be wrong, expired or revoked)`);
    if (status === 403)
      return new ConnectorError(`${reason}: the token may not do this; check its permissions (Issues: read and write) on ${this.repoName}`);
    if (status === 404) return new ConnectorError(`${reason}: the repository ${this.repoName} does not exist or the token cannot see it`);
    return new ConnectorError(reason, status >= 500);
  }

  /** GitHub's `message` (and the first validation error), short, without the token should a server ever echo it. */
  private message(response: OutboundResponse): string {
    let text = '';
    try {
      const json = JSON.parse(response.body) as { message?: unknown; errors?: { message?: string; field?: string; code?: string }[] };
      if (typeof json.message === 'string') text = json.message;
      const first = Array.isArray(json.errors) ? json.errors[0] : undefined;
      if (first) text += `: ${first.message ?? [first.field, first.code].filter(Boolean).join(' ')}`;
    } catch {
      text = '';
    }
    const token = this.context.credentials?.token;
    if (token) text = text.split(token).join('[token]');
    return text.replace(/\s+/g, ' ').slice(0, 200);
  }
}

/** The `rel="next"` URL of a Link header (RFC 8288), or null. */
export function nextLink(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  for (const part of text.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?/i.test(match[2])) return match[1];
  }
  return null;
}

function header(response: OutboundResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function at(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString();
}
