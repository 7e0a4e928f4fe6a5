import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { decodeCursor, Page, RequestContext, TenantRepository, toPage } from '@quorum/platform';
import { EntityManager, Repository } from 'typeorm';
import { AuditLogDto } from './audit-log.dto';
import { AuditLog } from './audit-log.entity';
import { AuditLogQueryDto } from './audit-log-query.dto';

export interface AuditEntry {
  action: string;
  /** Defaults to the caller's tenant. */
  tenantId?: string;
  /** Defaults to the caller; null for anonymous events (a failed login). */
  actorUserId?: string | null;
  entityType?: string;
  entityId?: string;
  metadata?: Record<string, unknown>;
}

/** Writes audit rows; pass the transaction's manager so the row commits (or not) with the change it records. */
@Injectable()
export class AuditService {
  private readonly scoped: TenantRepository<AuditLog>;

  constructor(@InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>) {
    this.scoped = new TenantRepository(logs, 'Audit log');
  }

  /** The caller's tenant's trail, newest first, keyset-paginated. */
  async list(query: AuditLogQueryDto): Promise<Page<AuditLogDto>> {
    const limit = query.limit ?? 20; // the default PageQueryDto documents in the OpenAPI
    const qb = this.scoped
      .query('log')
      .orderBy('log.createdAt', 'DESC')
      .addOrderBy('log.id', 'DESC')
      .take(limit + 1);
    if (query.actor) qb.andWhere('log.actorUserId = :actor', { actor: query.actor });
    if (query.action?.endsWith('.*')) qb.andWhere('log.action LIKE :prefix', { prefix: `${query.action.slice(0, -1)}%` });
    else if (query.action) qb.andWhere('log.action = :action', { action: query.action });
    if (query.entity) qb.andWhere('log.entityType = :entity', { entity: query.entity });
    if (query.entityId) qb.andWhere('log.entityId = :entityId', { entityId: query.entityId });
    if (query.from) qb.andWhere('log.createdAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('log.createdAt < :to', { to: query.to });
    if (query.cursor) {
      const { value, id } = decodeCursor(query.cursor, 'timestamp');
      qb.andWhere('(log.createdAt, log.id) < (:after, :afterId)', { after: value, afterId: id });
    }
    return toPage(await qb.getMany(), limit, (row) => ({ value: row.createdAt.toISOString(), id: row.id }), AuditLogDto.from);
  }

  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const principal = RequestContext.principal();
    const tenantId = entry.tenantId ?? principal?.tenantId;
    if (!tenantId) throw new Error(`audit entry ${entry.action} has no tenant`);
    const repository = manager ? manager.getRepository(AuditLog) : this.logs;
    await repository.save(
      repository.create({
        tenantId,
        actorUserId: entry.actorUserId === undefined ? (principal?.userId ?? null) : entry.actorUserId,
        action: entry.action,
        entityType: entry.entityType ?? null,
        entityId: entry.entityId ?? null,
        ip: RequestContext.ip() ?? null,
        requestId: RequestContext.requestId() ?? null,
        metadata: entry.metadata ?? {},
      }),
    );
  }
}
