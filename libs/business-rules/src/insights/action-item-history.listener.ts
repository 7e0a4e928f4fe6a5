import { Injectable } from '@nestjs/common';
import { ActionItemEvents } from '@quorum/action-items';
import { type DomainEventOf, OnDomainEvent } from '@quorum/platform';
import { TrackedActionItemsRepository } from './tracked-action-items.repository';

/**
 * Keeps the insights' copy of action items, and the history of their due dates, from the action-items module's
 * events: that module keeps only the current due date, and its tables stay its own.
 */
@Injectable()
export class ActionItemHistoryListener {
  constructor(private readonly tracked: TrackedActionItemsRepository) {}

  @OnDomainEvent(ActionItemEvents.created, ActionItemEvents.updated)
  async onChanged(event: DomainEventOf<'action_item.created'> | DomainEventOf<'action_item.updated'>): Promise<void> {
    await this.tracked.record(event.tenantId, event.data, event.occurredAt);
  }

  @OnDomainEvent(ActionItemEvents.deleted)
  async onDeleted(event: DomainEventOf<'action_item.deleted'>): Promise<void> {
    await this.tracked.remove(event.tenantId, event.entityId);
  }
}
