import { applyDecorators } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { DomainEventType } from './domain-event';

/** Every domain event is also emitted under this name, for the few listeners that want them all (realtime). */
export const ANY_DOMAIN_EVENT = 'domain.event';

/**
 * Nest would otherwise catch a listener's error and only log its message; let
 * it reach DomainEvents, which logs it with its event and reports it.
 */
const LISTENER_OPTIONS = { suppressErrors: false };

/**
 * Listens to domain events of the given types, after their commit (see
 * DomainEvents.publish). The handler takes `DomainEventOf<K>`. A listener that
 * throws is logged and reported by the publisher and does not stop the others.
 */
export const OnDomainEvent = (...types: [DomainEventType, ...DomainEventType[]]): MethodDecorator =>
  // One listener per type: an array given to OnEvent would be one namespaced event name to EventEmitter2, not several events.
  applyDecorators(...types.map((type) => OnEvent(type, LISTENER_OPTIONS)));

/** Listens to every domain event; the handler takes `DomainEvent` and decides by `type` itself. */
export const OnAnyDomainEvent = (): MethodDecorator => OnEvent(ANY_DOMAIN_EVENT, LISTENER_OPTIONS);
