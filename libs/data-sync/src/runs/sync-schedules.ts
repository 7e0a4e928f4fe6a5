import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Role } from '@quorum/platform';
import { SyncRepository } from '../sync.repository';
import { syncSchedulerId, SyncRunQueue } from './sync-run.queue';

const NOBODY = '00000000-0000-0000-0000-000000000000';

/** Keeps one BullMQ job scheduler per scheduled source (`scheduleEveryMinutes`), declared again at every start. */
@Injectable()
export class SyncSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger('DataSync');

  constructor(
    private readonly queue: SyncRunQueue,
    private readonly repository: SyncRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.declareAll().catch((error: Error) =>
      this.logger.warn({ err: error }, 'could not declare the sync schedules; they are declared again at the next start or save'),
    );
  }

  /** Brings the store in line with a source: scheduled when enabled with an interval, else not. */
  async sync(tenantId: string, sourceId: string, createdBy: string | null, everyMinutes: number | null, enabled: boolean): Promise<void> {
    if (enabled && everyMinutes) {
      const as = { tenantId, userId: createdBy ?? NOBODY, role: 'admin' as Role, sessionId: `sync:${sourceId}` };
      await this.queue.schedule(
        syncSchedulerId(sourceId),
        { everyMs: everyMinutes * 60_000 },
        { sourceId, trigger: 'schedule' },
        { name: 'schedule', as },
      );
    } else await this.queue.unschedule(syncSchedulerId(sourceId));
  }

  private async declareAll(): Promise<void> {
    const rows = await this.repository.scheduledSources();
    for (const row of rows) await this.sync(row.tenant_id, row.id, row.created_by, row.schedule_every_minutes, true);
    if (rows.length) this.logger.log({ sources: rows.length }, 'sync schedules declared');
  }
}
