import { Injectable } from '@nestjs/common';
import { type Connector, type ConnectorPage } from '../connector';

/** The signing secret's shape: Standard Webhooks' `whsec_` and the base64 of the key. */
const SECRET_PATTERN = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
/** The shortest key accepted, in bytes (the outbound webhooks use 32). */
export const WEBHOOK_SECRET_MIN_BYTES = 24;

/**
 * An inbound webhook source: recorders and other systems push meetings and transcript segments to
 * `POST /api/v1/sync/inbound/{sourceId}`, signed per Standard Webhooks with the source's secret (credentials
 * `{ secret: 'whsec_…' }`). Nothing is fetched: the connector only validates the source and has nothing to read,
 * so a manual or scheduled run of it records an empty page.
 */
@Injectable()
export class WebhookConnector implements Connector {
  readonly kind = 'webhook';
  readonly streams = {
    meetings: {
      entity: 'meeting',
      directions: ['pull'],
      remoteOwns: ['title', 'scheduledStartAt', 'scheduledEndAt', 'participants', 'cancelled'],
    },
  } as const;

  validate(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
    const problems: string[] = [];
    for (const key of Object.keys(settings)) problems.push(`settings.${key}: is not a setting of a webhook source`);
    if (!credentials) return [...problems, 'credentials.secret: is required: whsec_ and the base64 of at least 24 random bytes'];
    for (const key of Object.keys(credentials))
      if (key !== 'secret') problems.push(`credentials.${key}: is not a credential of a webhook source (only secret)`);
    const problem = secretProblem(credentials.secret);
    if (problem) problems.push(`credentials.secret: ${problem}`);
    return problems;
  }

  urls(): string[] {
    return [];
  }

  async check(): Promise<void> {
    // Nothing to call: the sender calls us.
  }

  async *read(_context: unknown, stream: string, state: Record<string, unknown> | null): AsyncIterable<ConnectorPage> {
    yield { records: [], checkpoint: { ...(state ?? {}) }, last: true, log: [`${stream}: records arrive by webhook; nothing to read`] };
  }
}

/** Why a signing secret is refused, or null: `whsec_` and canonical base64 of at least WEBHOOK_SECRET_MIN_BYTES bytes. */
export function secretProblem(secret: unknown): string | null {
  const format = 'must be whsec_ and the base64 of at least 24 random bytes (e.g. `echo whsec_$(openssl rand -base64 32)`)';
  if (typeof secret !== 'string' || secret.length > 1000) return format;
  const match = SECRET_PATTERN.exec(secret);
  if (!match) return format;
  const key = Buffer.from(match[1], 'base64');
  // Canonical base64 only: Node's decoder skips what it cannot read, so a round trip tells a typo from a key.
  if (key.toString('base64') !== match[1] || key.length < WEBHOOK_SECRET_MIN_BYTES) return format;
  return null;
}
