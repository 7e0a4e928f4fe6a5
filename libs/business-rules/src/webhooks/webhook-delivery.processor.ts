import { Injectable } from '@nestjs/common';
import { JobProcessor, OutboundHttp, OutboundRefusedError, RetryLaterError, type RunningJob, UnrecoverableError } from '@quorum/platform';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { type WebhookDeliveryOutcome } from './entities/webhook-delivery-outcome';
import type { Webhook } from './entities/webhook.entity';
import { retryAfterMs } from './retry-after';
import { type WebhookDeliveryInput, WebhookDeliveryQueue, type WebhookDeliveryResult } from './webhook-delivery.queue';
import { WebhooksRepository } from './webhooks.repository';

/** How long an endpoint has to answer one attempt, redirects included. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** An attempt's result as recorded. */
interface Attempt {
  statusCode: number | null;
  error: string | null;
  /** Whether another attempt could go differently: network errors, timeouts, 408, 429 and 5xx. */
  retryable: boolean;
  waitMs: number;
}

/**
 * Delivers a message to a webhook, signed per the Standard Webhooks spec: a POST of
 * `{ type, timestamp, data }` with `webhook-id` (the message, the same on every attempt),
 * `webhook-timestamp` (this attempt's, in seconds) and `webhook-signature` (`v1,` HMAC-SHA256 of
 * `id.timestamp.body` with the secret). Through OutboundHttp, so an address that is not public is
 * refused at every attempt and every redirect. Each attempt is recorded in webhook_deliveries.
 */
@Injectable()
export class WebhookDeliveryProcessor extends JobProcessor<WebhookDeliveryInput, WebhookDeliveryResult> {
  readonly queue = WebhookDeliveryQueue;
  override readonly concurrency = 4;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly outbound: OutboundHttp,
  ) {
    super();
  }

  async process(job: RunningJob<WebhookDeliveryInput>): Promise<WebhookDeliveryResult> {
    const { tenantId, webhookId, messageId, eventType, occurredAt, data } = job.input;
    const webhook = await this.webhooks.findInTenant(tenantId, webhookId);
    // Deleted since the event: nobody wants it any more.
    if (!webhook) return {};
    const started = performance.now();
    const attempt = await this.send(webhook, messageId, JSON.stringify({ type: eventType, timestamp: occurredAt, data }), job.signal);
    // Shutting down: the job goes back to the queue and this attempt is not its outcome.
    job.signal.throwIfAborted();
    const last = job.attempt >= job.maxAttempts;
    const outcome: WebhookDeliveryOutcome = attempt.error === null ? 'succeeded' : attempt.retryable && !last ? 'retrying' : 'failed';
    await this.webhooks.recordDelivery(tenantId, {
      webhookId,
      messageId,
      eventType,
      attempt: job.attempt,
      outcome,
      statusCode: attempt.statusCode,
      durationMs: Math.round(performance.now() - started),
      error: attempt.error?.slice(0, 500) ?? null,
    });
    if (outcome === 'succeeded') {
      // Delivered after all: a redelivered dead letter is dead no more.
      if (job.input.redelivery) await this.webhooks.forgetDeadLetter(tenantId, webhookId, messageId);
      return { statusCode: attempt.statusCode ?? undefined };
    }
    const message = `webhook ${webhookId}: ${attempt.error}`;
    if (outcome === 'retrying') throw attempt.waitMs ? new RetryLaterError(message, attempt.waitMs) : new Error(message);
    await this.webhooks.deadLetter(tenantId, {
      webhookId,
      messageId,
      eventType,
      occurredAt,
      data,
      attempts: job.attempt,
      error: (attempt.error ?? 'failed').slice(0, 500),
    });
    // A receiver that is down or refuses is the tenant's matter, recorded above; not a failure of ours to report.
    throw new UnrecoverableError(message);
  }

  private async send(webhook: Webhook, messageId: string, body: string, signal: AbortSignal): Promise<Attempt> {
    const now = new Date();
    try {
      const res = await this.outbound.request(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Quorum-Webhooks/1.0',
          'webhook-id': messageId,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': new StandardWebhook(webhook.secret).sign(messageId, now, body),
        },
        body,
        timeoutMs: WEBHOOK_TIMEOUT_MS,
        maxRedirects: 3,
        maxResponseBytes: 1024,
        signal,
      });
      if (res.status >= 200 && res.status < 300) return { statusCode: res.status, error: null, retryable: false, waitMs: 0 };
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      return {
        statusCode: res.status,
        error: `answered ${res.status}`,
        retryable,
        waitMs: retryable ? retryAfterMs(res.headers['retry-after']) : 0,
      };
    } catch (error) {
      if (error instanceof OutboundRefusedError) return { statusCode: null, error: error.message, retryable: false, waitMs: 0 };
      const reason = (error as Error).message === 'timed out' ? `timed out after ${WEBHOOK_TIMEOUT_MS} ms` : (error as Error).message;
      return { statusCode: null, error: reason, retryable: true, waitMs: 0 };
    }
  }
}
