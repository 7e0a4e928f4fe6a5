import { Injectable } from '@nestjs/common';
import {
  byCreation,
  InjectTenantRepository,
  keysetPage,
  notFound,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
} from '@quorum/platform';
import { type DeepPartial } from 'typeorm';
import { WebhookDeadLetter } from './entities/webhook-dead-letter.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { Webhook } from './entities/webhook.entity';

/** Webhooks and their delivery attempts: the current tenant's over REST, a named tenant's in delivery jobs. */
@Injectable()
export class WebhooksRepository {
  constructor(
    @InjectTenantRepository(Webhook) private readonly webhooks: TenantRepository<Webhook>,
    @InjectTenantRepository(WebhookDelivery) private readonly deliveries: TenantRepository<WebhookDelivery>,
    @InjectTenantRepository(WebhookDeadLetter) private readonly deadLetters: TenantRepository<WebhookDeadLetter>,
  ) {}

  create(data: DeepPartial<Webhook>): Webhook {
    return this.webhooks.create(data);
  }

  save(webhook: Webhook): Promise<Webhook> {
    return this.webhooks.save(webhook);
  }

  getById(id: string): Promise<Webhook> {
    return this.webhooks.getById(id);
  }

  getForUpdate(id: string): Promise<Webhook> {
    return this.webhooks.getForUpdate(id);
  }

  remove(webhook: Webhook): Promise<void> {
    return this.webhooks.remove(webhook);
  }

  /** A tenant's webhook for a delivery job, or null once deleted. */
  findInTenant(tenantId: string, id: string): Promise<Webhook | null> {
    return this.webhooks.forTenant(tenantId).findById(id);
  }

  /** A tenant's webhooks subscribed to `eventType`, by name or by `*`. */
  subscribedTo(tenantId: string, eventType: string): Promise<Webhook[]> {
    return this.webhooks
      .forTenant(tenantId)
      .query('w')
      .andWhere(`(:eventType = ANY(w.eventTypes) OR '*' = ANY(w.eventTypes))`, { eventType })
      .orderBy('w.createdAt', 'ASC')
      .getMany();
  }

  page<T>(request: PageRequest, map: (webhook: Webhook) => T): Promise<Page<T>> {
    return keysetPage(this.webhooks.query('w'), request, {
      limits: PAGE_LIMITS.standard,
      order: byCreation('w'),
      map,
    });
  }

  recordDelivery(tenantId: string, data: DeepPartial<WebhookDelivery>): Promise<WebhookDelivery> {
    const repository = this.deliveries.forTenant(tenantId);
    return repository.save(repository.create(data));
  }

  /** A webhook's attempts, newest first. */
  deliveriesPage<T>(webhookId: string, request: PageRequest, map: (delivery: WebhookDelivery) => T): Promise<Page<T>> {
    return keysetPage(this.deliveries.query('d').andWhere('d.webhookId = :webhookId', { webhookId }), request, {
      limits: PAGE_LIMITS.standard,
      order: byCreation('d'),
      map,
    });
  }

  /** Keeps a message given up on; the same message given up on again (a failed redelivery) updates its row. */
  async deadLetter(tenantId: string, data: Omit<DeepPartial<WebhookDeadLetter>, 'tenantId'>): Promise<void> {
    await this.deadLetters.forTenant(tenantId).upsert([{ ...data, tenantId }], ['webhookId', 'messageId']);
  }

  /** A message was delivered after all (a redelivery): it is no longer dead. */
  async forgetDeadLetter(tenantId: string, webhookId: string, messageId: string): Promise<void> {
    await this.deadLetters.forTenant(tenantId).delete({ webhookId, messageId });
  }

  /** A webhook's dead letters, newest first. */
  deadLettersPage<T>(webhookId: string, request: PageRequest, map: (letter: WebhookDeadLetter) => T): Promise<Page<T>> {
    return keysetPage(this.deadLetters.query('l').andWhere('l.webhookId = :webhookId', { webhookId }), request, {
      limits: PAGE_LIMITS.standard,
      order: byCreation('l'),
      map,
    });
  }

  /** One dead letter of one webhook of the current tenant, locked until the transaction ends; 404 otherwise. */
  async deadLetterForUpdate(webhookId: string, id: string): Promise<WebhookDeadLetter> {
    const letter = await this.deadLetters.getForUpdate(id);
    if (letter.webhookId !== webhookId) throw notFound(`There is no dead letter ${id} for this webhook.`);
    return letter;
  }

  saveDeadLetter(letter: WebhookDeadLetter): Promise<WebhookDeadLetter> {
    return this.deadLetters.save(letter);
  }
}
