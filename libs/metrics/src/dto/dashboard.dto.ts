import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WeekCountDto {
  @ApiProperty({ example: '2026-11-23', description: 'Monday of the ISO week' })
  weekStart: string;

  @ApiProperty({ example: 4 })
  meetings: number;
}

export class AssigneeOpenItemsDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  assigneeUserId: string | null;

  @ApiProperty({ example: 'Grace Hopper', description: "The member's name, the outsider's name or email, or 'Unassigned'" })
  assignee: string;

  @ApiProperty({ example: 3 })
  open: number;
}

export class MeetingStatsDto {
  @ApiProperty({ example: 12, description: 'Meetings starting in the period' })
  total: number;

  @ApiProperty({ type: [WeekCountDto] })
  perWeek: WeekCountDto[];

  @ApiProperty({ example: 540, description: 'Minutes between start and end of the meetings held in the period' })
  totalDurationMinutes: number;

  @ApiPropertyOptional({ example: 45, nullable: true, type: Number })
  averageDurationMinutes: number | null;

  @ApiProperty({ example: { scheduled: 3, live: 0, completed: 8, cancelled: 1 } })
  byStatus: Record<string, number>;
}

export class ActionItemStatsDto {
  @ApiProperty({ example: 20, description: 'Created in the period' })
  created: number;

  @ApiProperty({ example: 14, description: 'Completed in the period' })
  completed: number;

  @ApiProperty({ example: 2, description: 'Open now and past their due date' })
  overdue: number;

  @ApiPropertyOptional({
    example: 0.7,
    nullable: true,
    type: Number,
    description: 'Share of the items created in the period that are done',
  })
  completionRate: number | null;

  @ApiPropertyOptional({
    example: 26.5,
    nullable: true,
    type: Number,
    description: 'Median hours from creation to completion, for items completed in the period',
  })
  medianHoursToComplete: number | null;

  @ApiProperty({
    example: { open: 4, in_progress: 2, done: 14, cancelled: 0 },
    description: 'Current status of the items created in the period',
  })
  byStatus: Record<string, number>;

  @ApiProperty({ type: [AssigneeOpenItemsDto], description: 'Open items now, per assignee' })
  openPerAssignee: AssigneeOpenItemsDto[];
}

export class DashboardDto {
  @ApiProperty()
  from: Date;

  @ApiProperty()
  to: Date;

  @ApiProperty({ type: MeetingStatsDto })
  meetings: MeetingStatsDto;

  @ApiProperty({ type: ActionItemStatsDto })
  actionItems: ActionItemStatsDto;

  @ApiProperty({ description: 'When these figures were computed (they are cached briefly)' })
  generatedAt: Date;
}
