import { JobQueue, type JobResult } from '@quorum/platform';

export interface WebhookDeliveryInput {
  tenantId: string;
  webhookId: string;
  /** The `webhook-id` header, kept across attempts. */
  messageId: string;
  eventType: string;
  /** When the event happened (ISO 8601), the body's `timestamp`. */
  occurredAt: string;
  data: unknown;
  /** Sent again by an admin from the dead letters. */
  redelivery?: number;
}

export interface WebhookDeliveryResult extends JobResult {
  statusCode?: number;
}

/**
 * One message to one webhook; each attempt of the job is one delivery attempt, recorded. 8 attempts
 * from 5 s doubling (capped at 15 minutes, longer when the endpoint says Retry-After) span about an
 * hour, long enough to ride out a receiver's deploy or short outage. Keyed by webhook and message,
 * so dispatching one event twice sends it once. A message given up on becomes a dead letter, which an
 * admin may send again (keyed by the redelivery's number).
 */
export class WebhookDeliveryQueue extends JobQueue<WebhookDeliveryInput, WebhookDeliveryResult> {
  static readonly definition = { name: 'webhook-delivery', attempts: 8, backoffMs: 5000 };
}
