import { Injectable, Logger } from '@nestjs/common';
import { type DomainEvent, OnDomainEvent, type Principal, RequestContext } from '@quorum/platform';

import { RuleEventsRepository } from '../rule-events.repository';
import { RulesRepository } from '../rules.repository';
import { MAX_RULE_CASCADE, ruleCascadeDepth } from './rule-principal';
import { RulesQueue } from './rules.queue';

/**
 * Logs every event rules can be triggered by (the trail replay reads), then, when the tenant has a rule for it,
 * queues its evaluation. Runs after the change committed (DomainEvents) and is not awaited by it, so a slow store
 * delays neither the change's answer nor its relay to sockets.
 */
@Injectable()
export class RuleEventsListener {
  private readonly logger = new Logger('Rules');

  constructor(
    private readonly events: RuleEventsRepository,
    private readonly rules: RulesRepository,
    private readonly queue: RulesQueue,
  ) {}

  // RULE_EVENT_ENTITIES' keys; named here as the decorator wants literal types.
  @OnDomainEvent(
    'action_item.created',
    'action_item.updated',
    'meeting.created',
    'meeting.updated',
    'meeting.completed',
    'analysis.completed',
  )
  onEvent(event: DomainEvent): void {
    const principal = RequestContext.principal();
    this.handle(event, principal).catch((error: Error) =>
      this.logger.warn({ err: error, eventType: event.type, eventId: event.eventId }, 'could not log or queue an event for rules'),
    );
  }

  private async handle(event: DomainEvent, current: Principal | undefined): Promise<void> {
    await this.events.append({
      id: event.eventId,
      tenantId: event.tenantId,
      type: event.type,
      entityId: event.entityId,
      actorUserId: event.actorUserId,
      occurredAt: new Date(event.occurredAt),
      data: (event.data ?? {}) as Record<string, unknown>,
    });
    const depth = current?.tenantId === event.tenantId ? ruleCascadeDepth(current) : 0;
    if (depth >= MAX_RULE_CASCADE) {
      this.logger.warn(
        { eventId: event.eventId, eventType: event.type, depth },
        'an event made by rule actions this deep triggers no further rules',
      );
      return;
    }
    if (!(await this.rules.anyActiveForEvent(event.tenantId, event.type))) return;
    const as: Principal | null =
      current?.tenantId === event.tenantId
        ? current
        : event.actorUserId
          ? { tenantId: event.tenantId, userId: event.actorUserId, role: 'member', sessionId: 'rules:0' }
          : null;
    if (!as) return this.logger.warn({ eventId: event.eventId, eventType: event.type }, 'an event with no actor is not evaluated');
    await this.queue.enqueue(
      { kind: 'event', eventId: event.eventId },
      { key: ['event', event.eventId], name: 'event', as, orLater: true },
    );
  }
}
