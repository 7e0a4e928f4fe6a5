import type { SyncConflictDto } from './dto/sync-conflict.dto';

/** Published (after commit) when a field changed on both sides becomes a conflict; webhooks may subscribe to it. */
export const SyncConflictEvents = { opened: 'sync.conflict' } as const;

declare module '@quorum/platform' {
  interface DomainEventMap {
    'sync.conflict': SyncConflictDto;
  }
}
