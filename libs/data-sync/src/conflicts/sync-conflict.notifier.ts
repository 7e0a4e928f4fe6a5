import { Injectable } from '@nestjs/common';
import { NotificationsService } from '@quorum/business-rules';
import { DomainEvents, domainEvent } from '@quorum/platform';
import type { SyncConflict } from '../entities/sync-conflict.entity';
import type { SyncSource } from '../entities/sync-source.entity';
import { SyncConflictDto } from './dto/sync-conflict.dto';
import { SyncConflictEvents } from './sync-conflict-events';

/** Tells a tenant about a new conflict: the `sync.conflict` event (webhooks, sockets) and an in-app note to its admins. */
@Injectable()
export class SyncConflictNotifier {
  constructor(
    private readonly events: DomainEvents,
    private readonly notifications: NotificationsService,
  ) {}

  async opened(source: SyncSource, conflict: SyncConflict): Promise<void> {
    const dto = SyncConflictDto.from(conflict);
    await this.events.publish(
      domainEvent({
        type: SyncConflictEvents.opened,
        tenantId: conflict.tenantId,
        entityId: conflict.id,
        version: 0,
        actorUserId: null,
        data: dto,
      }),
    );
    await this.notifications.notify({
      tenantId: conflict.tenantId,
      roles: ['admin', 'owner'],
      type: SyncConflictEvents.opened,
      title: `Sync conflict: ${conflict.field} of a ${conflict.entity.replace('_', ' ')} changed in Quorum and in ${source.name}`,
      data: { conflictId: conflict.id, sourceId: source.id, field: conflict.field },
      // Once per conflict row: a newer remote value refreshes the row, not the admins' inboxes.
      dedupeKey: `sync.conflict:${conflict.id}`,
      channels: ['in_app'],
    });
  }
}
