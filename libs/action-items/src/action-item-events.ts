import type { ActionItemDto } from './dto/action-item.dto';

/** Domain event types this module publishes (after commit), for realtime and caches. */
export const ActionItemEvents = {
  created: 'action_item.created',
  updated: 'action_item.updated',
  deleted: 'action_item.deleted',
} as const;

export type ActionItemEventType = (typeof ActionItemEvents)[keyof typeof ActionItemEvents];

declare module '@quorum/platform' {
  interface DomainEventMap {
    'action_item.created': ActionItemDto;
    'action_item.updated': ActionItemDto;
    'action_item.deleted': { id: string };
  }
}
