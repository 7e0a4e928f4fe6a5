import { type ConnectorContext, ConnectorError } from '../connector';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** A token this close to its expiry is refreshed before use. */
const EARLY_MS = 60_000;

interface TokenState {
  accessToken: string | null;
  expiresAt: number | null;
}

/** One token per run's context: the calls of a run (reads, pushes) share what a refresh brought. */
const tokens = new WeakMap<ConnectorContext, TokenState>();

/**
 * The bearer token of a source: the stored `accessToken`, or one obtained from `refreshToken` with `clientId` and
 * `clientSecret` (OAuth 2.0 refresh grant) at `tokenUrl`, through the source's client like every other call. A
 * refreshed token lives in memory for the run only: the interface has no way to store it, and refresh tokens last.
 */
export class GoogleAccessToken {
  constructor(
    private readonly context: ConnectorContext,
    private readonly tokenUrl: string,
  ) {}

  get refreshable(): boolean {
    const c = this.context.credentials;
    return Boolean(c?.refreshToken && c.clientId && c.clientSecret);
  }

  /** The token to send now (refreshed first when there is none or it is about to expire). */
  async current(): Promise<string> {
    const state = this.state();
    const expired = state.expiresAt !== null && state.expiresAt - EARLY_MS <= Date.now();
    if (state.accessToken && !(expired && this.refreshable)) return state.accessToken;
    if (!this.refreshable) return state.accessToken ?? '';
    return this.refresh();
  }

  /** A new token from the refresh grant; throws a ConnectorError naming the status and OAuth error only. */
  async refresh(): Promise<string> {
    const c: Partial<Record<string, string>> = this.context.credentials ?? {};
    const response = await this.context.http.request(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: c.refreshToken ?? '',
        client_id: c.clientId ?? '',
        client_secret: c.clientSecret ?? '',
      }).toString(),
      maxResponseBytes: 64 * 1024,
    });
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown } = {};
    try {
      body = JSON.parse(response.body) as typeof body;
    } catch {
      // Not JSON: only the status is told.
    }
    if (response.status !== 200 || typeof body.access_token !== 'string' || !body.access_token) {
      const error = typeof body.error === 'string' && /^[a-z_]{1,64}$/.test(body.error) ? ` (${body.error})` : '';
      const hint =
        response.status === 400 || response.status === 401
          ? ': check the credentials (the refresh token may have been revoked, or the client id and secret do not match it)'
          : '';
      throw new ConnectorError(`refreshing the access token answered HTTP ${response.status}${error}${hint}`, response.status >= 500);
    }
    const state = this.state();
    state.accessToken = body.access_token;
    state.expiresAt = typeof body.expires_in === 'number' ? Date.now() + body.expires_in * 1000 : null;
    return body.access_token;
  }

  private state(): TokenState {
    let state = tokens.get(this.context);
    if (!state) {
      state = { accessToken: this.context.credentials?.accessToken || null, expiresAt: null };
      tokens.set(this.context, state);
    }
    return state;
  }
}
