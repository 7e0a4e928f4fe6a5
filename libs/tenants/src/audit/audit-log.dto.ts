import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditLog } from './audit-log.entity';

export class AuditLogDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  actorUserId: string | null;

  @ApiProperty({ example: 'member.role_changed' })
  action: string;

  @ApiPropertyOptional({ example: 'membership', nullable: true })
  entityType: string | null;

  @ApiPropertyOptional({ nullable: true })
  entityId: string | null;

  @ApiPropertyOptional({ example: '203.0.113.7', nullable: true })
  ip: string | null;

  @ApiPropertyOptional({ nullable: true })
  requestId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata: Record<string, unknown>;

  @ApiProperty()
  createdAt: Date;

  static from(log: AuditLog): AuditLogDto {
    const { id, actorUserId, action, entityType, entityId, ip, requestId, metadata, createdAt } = log;
    return { id, actorUserId, action, entityType, entityId, ip, requestId, metadata, createdAt };
  }
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogDto] })
  items: AuditLogDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
