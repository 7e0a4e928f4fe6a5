import { Injectable } from '@nestjs/common';
import { type Page, RequestContext } from '@quorum/platform';
import { AuditLogDto } from './audit-log.dto';
import { AuditLogRepository } from './audit-log.repository';
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

/**
 * Writes audit rows. Called inside a transaction, the row joins it, so it
 * commits (or not) with the change it records; outside one it is written at once.
 */
@Injectable()
export class AuditService {
  constructor(private readonly logs: AuditLogRepository) {}

  /** The caller's tenant's trail, newest first, keyset-paginated. */
  list(query: AuditLogQueryDto): Promise<Page<AuditLogDto>> {
    return this.logs.page(query, AuditLogDto.from);
  }

  async record(entry: AuditEntry): Promise<void> {
    const principal = RequestContext.principal();
    const tenantId = entry.tenantId ?? principal?.tenantId;
    if (!tenantId) throw new Error(`audit entry ${entry.action} has no tenant`);
    await this.logs.append(tenantId, {
      actorUserId: entry.actorUserId === undefined ? (principal?.userId ?? null) : entry.actorUserId,
      action: entry.action,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      ip: RequestContext.ip() ?? null,
      requestId: RequestContext.requestId() ?? null,
      metadata: entry.metadata ?? {},
    });
  }
}
