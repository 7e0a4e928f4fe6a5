import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  OutboundHttp,
  OutboundRefusedError,
  type EnqueuedJob,
  type Page,
  type PageRequest,
  notFound,
  RequestContext,
  Transactions,
  unprocessable,
} from '@quorum/platform';
import { AuditService } from '@quorum/tenants';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { WebhookDeadLetterDto } from './dto/webhook-dead-letter.dto';
import { WebhookDeliveryDto } from './dto/webhook-delivery.dto';
import { CreatedWebhookDto, WebhookDto } from './dto/webhook.dto';
import { WebhookDeliveryQueue } from './webhook-delivery.queue';
import { WebhooksRepository } from './webhooks.repository';

export interface DispatchOptions {
  /** The `webhook-id` of the message; the same id dispatched again is delivered once. Default: a new one. */
  messageId?: string;
  /** When it happened; default now. */
  occurredAt?: string;
}

/** Webhooks: admins register endpoints; other modules dispatch events to the endpoints subscribed to them. */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly queue: WebhookDeliveryQueue,
    private readonly outbound: OutboundHttp,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Registers an endpoint. Its URL is vetted now (resolved, and refused with 422 when it reaches a
   * network that is not public) so a mistake shows at once; every delivery vets it again, since DNS
   * may change. The secret is returned this once.
   */
  async create(dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    try {
      await this.outbound.vet(dto.url);
    } catch (error) {
      if (error instanceof OutboundRefusedError) throw unprocessable('url', error.reason, 'url-not-allowed', 'URL not allowed');
      throw error;
    }
    const webhook = this.webhooks.create({
      url: dto.url,
      eventTypes: dto.eventTypes,
      description: dto.description ?? null,
      secret: `whsec_${randomBytes(32).toString('base64')}`,
      createdBy: RequestContext.caller().userId,
    });
    return this.transactions.run(async () => {
      const saved = await this.webhooks.save(webhook);
      await this.audit.record({
        action: 'webhook.created',
        entityType: 'webhook',
        entityId: saved.id,
        metadata: { url: saved.url, eventTypes: saved.eventTypes },
      });
      return { ...WebhookDto.from(saved), secret: saved.secret };
    });
  }

  list(request: PageRequest): Promise<Page<WebhookDto>> {
    return this.webhooks.page(request, WebhookDto.from);
  }

  async get(id: string): Promise<WebhookDto> {
    return WebhookDto.from(await this.webhooks.getById(id));
  }

  /** Deletes the endpoint and its delivery records; messages still queued for it are dropped when their turn comes. */
  async remove(id: string): Promise<void> {
    await this.transactions.run(async () => {
      const webhook = await this.webhooks.getForUpdate(id);
      await this.webhooks.remove(webhook);
      await this.audit.record({ action: 'webhook.deleted', entityType: 'webhook', entityId: id, metadata: { url: webhook.url } });
    });
  }

  async deliveries(id: string, request: PageRequest): Promise<Page<WebhookDeliveryDto>> {
    await this.webhooks.getById(id);
    return this.webhooks.deliveriesPage(id, request, WebhookDeliveryDto.from);
  }

  async deadLetters(id: string, request: PageRequest): Promise<Page<WebhookDeadLetterDto>> {
    await this.webhooks.getById(id);
    return this.webhooks.deadLettersPage(id, request, WebhookDeadLetterDto.from);
  }

  /**
   * Sends a dead letter again, with its message id (the receiver may have it after all), as a job of its own with
   * the usual retries; if it gets through, the dead letter goes; if not, it stays with the new reason.
   */
  async redeliver(webhookId: string, deadLetterId: string): Promise<EnqueuedJob> {
    return this.transactions.run(async () => {
      await this.webhooks.getById(webhookId);
      const letter = await this.webhooks.deadLetterForUpdate(webhookId, deadLetterId);
      letter.redeliveries += 1;
      await this.webhooks.saveDeadLetter(letter);
      await this.audit.record({
        action: 'webhook.redelivered',
        entityType: 'webhook',
        entityId: webhookId,
        metadata: { messageId: letter.messageId, redelivery: letter.redeliveries },
      });
      return this.queue.enqueue(
        {
          tenantId: letter.tenantId,
          webhookId,
          messageId: letter.messageId,
          eventType: letter.eventType,
          occurredAt: letter.occurredAt,
          data: letter.data,
          redelivery: letter.redeliveries,
        },
        { key: [webhookId, letter.messageId, 'redelivery', letter.redeliveries], as: null },
      );
    });
  }

  /** Whether the tenant has this webhook (a rule naming it is checked when saved). */
  async exists(tenantId: string, webhookId: string): Promise<boolean> {
    return (await this.webhooks.findInTenant(tenantId, webhookId)) !== null;
  }

  /**
   * Queues one message to one webhook of the tenant, whatever event types it subscribed to (a rule's webhook action
   * names its endpoint). The same `messageId` queues one delivery however often it is sent. 404 when there is no
   * such webhook in the tenant.
   */
  async sendTo(tenantId: string, webhookId: string, eventType: string, payload: unknown, messageId: string): Promise<void> {
    const webhook = await this.webhooks.findInTenant(tenantId, webhookId);
    if (!webhook) throw notFound(`There is no webhook ${webhookId}.`);
    await this.queue.enqueue(
      { tenantId, webhookId: webhook.id, messageId, eventType, occurredAt: new Date().toISOString(), data: payload },
      { key: [webhook.id, messageId], as: null },
    );
  }

  /**
   * Queues `payload` as an `eventType` message to each of the tenant's webhooks subscribed to it;
   * returns how many. Each delivery is a job of its own, retried with backoff and recorded.
   */
  async dispatch(tenantId: string, eventType: string, payload: unknown, options: DispatchOptions = {}): Promise<number> {
    const targets = await this.webhooks.subscribedTo(tenantId, eventType);
    const messageId = options.messageId ?? `msg_${randomUUID()}`;
    const occurredAt = options.occurredAt ?? new Date().toISOString();
    for (const webhook of targets) {
      await this.queue.enqueue(
        { tenantId, webhookId: webhook.id, messageId, eventType, occurredAt, data: payload },
        { key: [webhook.id, messageId], as: null },
      );
    }
    if (targets.length) this.logger.debug({ tenantId, eventType, messageId, webhooks: targets.length }, 'webhook messages queued');
    return targets.length;
  }
}
