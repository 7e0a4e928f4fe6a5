import { Injectable } from '@nestjs/common';
import { type Page, ProblemException, RequestContext, Transactions, validationFailed } from '@quorum/platform';
import { AuditService } from '@quorum/tenants';
import { LocalEntityRegistry } from '../local/local-entity-registry';
import { SyncRepository } from '../sync.repository';
import type { SyncEntity } from '../connectors/connector';
import { type ResolveSyncConflictDto, SyncConflictDto } from './dto/sync-conflict.dto';
import type { ListSyncConflictsQuery } from './dto/list-sync-conflicts.query';

/**
 * The conflict queue. Resolving writes the chosen value where it is missing: `remote` into Quorum now, `local` to the
 * source on the source's next run (its push), `merged` into Quorum now and to the source on the next run.
 */
@Injectable()
export class SyncConflictsService {
  constructor(
    private readonly repository: SyncRepository,
    private readonly locals: LocalEntityRegistry,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  list(query: ListSyncConflictsQuery): Promise<Page<SyncConflictDto>> {
    const { sourceId, status, ...page } = query;
    return this.repository.conflictsPage({ sourceId, status }, page, SyncConflictDto.from);
  }

  async resolve(id: string, dto: ResolveSyncConflictDto): Promise<SyncConflictDto> {
    if (dto.keep === 'merged' && dto.value === undefined)
      throw validationFailed([{ field: 'value', message: 'value is required when keep is merged' }]);
    if (dto.keep !== 'merged' && dto.value !== undefined)
      throw validationFailed([{ field: 'value', message: 'value is only taken when keep is merged' }]);
    return this.transactions.run(async () => {
      const conflict = await this.repository.getConflictForUpdate(id);
      if (conflict.resolvedAt)
        throw new ProblemException({
          status: 409,
          slug: 'sync-conflict-resolved',
          title: 'Conflict already resolved',
          detail: `this conflict was resolved as ${conflict.resolution} at ${conflict.resolvedAt.toISOString()}`,
        });
      const local = this.locals.get(conflict.entity as SyncEntity);
      const value = dto.keep === 'remote' ? conflict.remoteValue : dto.keep === 'merged' ? dto.value : conflict.localValue;
      if (dto.keep === 'merged') {
        const problems = local.check({ [conflict.field]: value });
        if (problems.length)
          throw new ProblemException({
            status: 422,
            slug: 'sync-conflict-value-invalid',
            title: 'Invalid merged value',
            detail: problems.join('; '),
          });
      }
      const record = await this.repository.getRecord(conflict.sourceId, conflict.stream, conflict.externalId);
      if (dto.keep !== 'local') await local.update(conflict.localId, { [conflict.field]: value });
      if (record) {
        // What Quorum now holds is the agreed value; the source gets it on its next push unless it already has it.
        record.localFields = { ...(record.localFields ?? {}), [conflict.field]: value };
        record.pushPending = dto.keep !== 'remote';
        await this.repository.saveRecords([record]);
      }
      Object.assign(conflict, {
        resolution: dto.keep,
        resolvedValue: value ?? null,
        resolvedBy: RequestContext.caller().userId,
        resolvedAt: new Date(),
      });
      const saved = await this.repository.saveConflict(conflict);
      await this.audit.record({
        action: 'sync_conflict.resolved',
        entityType: 'sync_conflict',
        entityId: id,
        metadata: { field: conflict.field, keep: dto.keep, sourceId: conflict.sourceId },
      });
      return SyncConflictDto.from(saved);
    });
  }
}
