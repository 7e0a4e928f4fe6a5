import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule, OutboundHttp, TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { WebhookDeadLetter } from './entities/webhook-dead-letter.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { Webhook } from './entities/webhook.entity';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryQueue } from './webhook-delivery.queue';
import { WebhookEventsListener } from './webhook-events.listener';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Webhooks: their storage, dispatch, the delivery queue and its processor, and the forwarding of domain events; no routes. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Webhook, WebhookDelivery, WebhookDeadLetter]),
    TenantRepositoryModule.forFeature([
      { entity: Webhook, resourceName: 'Webhook' },
      { entity: WebhookDelivery, resourceName: 'Webhook delivery' },
      { entity: WebhookDeadLetter, resourceName: 'Dead letter' },
    ]),
    JobsModule.forFeature({ queues: [WebhookDeliveryQueue] }),
    TenantsModule,
  ],
  providers: [WebhooksService, WebhooksRepository, WebhookDeliveryProcessor, WebhookEventsListener, OutboundHttp],
  exports: [WebhooksService],
})
export class WebhooksModule {}
