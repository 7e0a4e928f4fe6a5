import { type ConnectorContext, ConnectorError } from '../connector';
import type { SourceHttp } from '../source-http';
import type { GraphSettings } from './graph-settings';

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Tokens got with client credentials, per run (one SourceHttp per run): a run asks the token endpoint once. */
const cache = new WeakMap<SourceHttp, CachedToken>();

/**
 * The bearer token for Graph: the `accessToken` credential as given, or one got from Microsoft identity platform's
 * token endpoint with the client credentials grant (`{authorityUrl}/{tenantId}/oauth2/v2.0/token`, scope
 * `{Graph origin}/.default`). The token never appears in an error or a log line.
 */
export async function graphToken(context: ConnectorContext, settings: GraphSettings): Promise<string> {
  const credentials = context.credentials ?? {};
  if (credentials.accessToken) return credentials.accessToken;
  const { tenantId, clientId, clientSecret } = credentials;
  if (!tenantId || !clientId || !clientSecret)
    throw new ConnectorError('the source has no credentials: give accessToken, or tenantId, clientId and clientSecret');
  const cached = cache.get(context.http);
  if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
  const url = `${settings.authorityUrl}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
  const response = await context.http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${new URL(settings.baseUrl).origin}/.default`,
    }).toString(),
    maxResponseBytes: 64 * 1024,
  });
  let answer: { access_token?: unknown; expires_in?: unknown; error?: unknown } = {};
  try {
    answer = JSON.parse(response.body) as typeof answer;
  } catch {
    // Reported below by status.
  }
  if (response.status !== 200 || typeof answer.access_token !== 'string') {
    // The identity platform's error code (invalid_client, unauthorized_client…) is safe to show; its description may
    // quote the request, so it is left out.
    const code = typeof answer.error === 'string' ? ` (${answer.error.slice(0, 60)})` : '';
    const hint = response.status === 400 || response.status === 401 ? '; check the tenant id, client id and client secret' : '';
    throw new ConnectorError(`the token endpoint answered HTTP ${response.status}${code}${hint}`, response.status >= 500);
  }
  const seconds = typeof answer.expires_in === 'number' ? answer.expires_in : Number(answer.expires_in) || 3600;
  cache.set(context.http, { token: answer.access_token, expiresAt: Date.now() + seconds * 1000 });
  return answer.access_token;
}
