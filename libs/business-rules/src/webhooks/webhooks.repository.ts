import { Injectable } from '@nestjs/common';
import {
  byCreation,
  InjectTenantRepository,
  keysetPage,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
} from '@quorum/platform';
import { type DeepPartial } from 'typeorm';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { Webhook } from './entities/webhook.entity';

/** Webhooks and their delivery attempts: the current tenant's over REST, a named tenant's in delivery jobs. */
@Injectable()
export class WebhooksRepository {
  constructor(
    @InjectTenantRepository(Webhook) private readonly webhooks: TenantRepository<Webhook>,
    @InjectTenantRepository(WebhookDelivery) private readonly deliveries: TenantRepository<WebhookDelivery>,
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
}
