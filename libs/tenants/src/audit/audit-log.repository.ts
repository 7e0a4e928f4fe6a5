import { Injectable } from '@nestjs/common';
import { InjectTenantRepository, keysetPage, type Page, PAGE_LIMITS, TenantRepository } from '@quorum/platform';
import { type DeepPartial } from 'typeorm';
import { AuditLog } from './audit-log.entity';
import { type AuditLogQueryDto } from './audit-log-query.dto';

/** The audit trail: rows are only ever added, and read by the tenant they belong to. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectTenantRepository(AuditLog) private readonly logs: TenantRepository<AuditLog>) {}

  /** Appends a row to a tenant's trail, in the current transaction if there is one. */
  async append(tenantId: string, row: DeepPartial<AuditLog>): Promise<void> {
    const logs = this.logs.forTenant(tenantId);
    await logs.save(logs.create(row));
  }

  /** The current tenant's trail, newest first, filtered. */
  page<T>(query: AuditLogQueryDto, map: (log: AuditLog) => T): Promise<Page<T>> {
    const qb = this.logs.query('log');
    if (query.actor) qb.andWhere('log.actorUserId = :actor', { actor: query.actor });
    if (query.action?.endsWith('.*')) qb.andWhere('log.action LIKE :prefix', { prefix: `${query.action.slice(0, -1)}%` });
    else if (query.action) qb.andWhere('log.action = :action', { action: query.action });
    if (query.entity) qb.andWhere('log.entityType = :entity', { entity: query.entity });
    if (query.entityId) qb.andWhere('log.entityId = :entityId', { entityId: query.entityId });
    if (query.from) qb.andWhere('log.createdAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('log.createdAt < :to', { to: query.to });
    return keysetPage(qb, query, {
      limits: PAGE_LIMITS.standard,
      order: {
        key: 'log.createdAt',
        id: 'log.id',
        direction: 'DESC',
        kind: 'timestamp',
        position: (log) => ({ value: log.createdAt.toISOString(), id: log.id }),
      },
      map,
    });
  }
}
