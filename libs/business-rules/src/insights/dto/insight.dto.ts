import { ApiProperty } from '@nestjs/swagger';
import type { Insight } from '../entities/insight.entity';
import { INSIGHT_KINDS, INSIGHT_SEVERITIES, type InsightKind, type InsightSeverity } from '../insight-kinds';

export class InsightDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: INSIGHT_KINDS })
  kind: InsightKind;

  @ApiProperty({ description: 'What it is about: an assignee, an e-mail, a meeting id or an action item id', example: 'ada@example.com' })
  subject: string;

  @ApiProperty({ example: 'Grace Hopper has 4 overdue action items (tenant median 1)' })
  title: string;

  @ApiProperty({ enum: INSIGHT_SEVERITIES })
  severity: InsightSeverity;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The figures and items that show it (docs/quality.md)' })
  evidence: Record<string, unknown>;

  @ApiProperty({ description: 'The run that last found it' })
  computedAt: Date;

  @ApiProperty({ description: 'The run that first found it' })
  createdAt: Date;

  static from(i: Insight): InsightDto {
    return {
      id: i.id,
      kind: i.kind,
      subject: i.subject,
      title: i.title,
      severity: i.severity,
      evidence: i.evidence,
      computedAt: i.computedAt,
      createdAt: i.createdAt,
    };
  }
}

export class InsightPageDto {
  @ApiProperty({ type: [InsightDto] })
  items: InsightDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}
