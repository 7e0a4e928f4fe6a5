import { ApiProperty } from '@nestjs/swagger';
import { USAGE_GROUPS, type UsageGroup } from '../ai-usage.repository';

export class UsageOutcomesDto {
  @ApiProperty({ example: 40, description: 'Answered as first choice' })
  ok: number;

  @ApiProperty({ example: 2, description: 'Failed after retries' })
  error: number;

  @ApiProperty({ example: 2, description: 'Answered after an earlier provider failed or was skipped' })
  fallback: number;

  @ApiProperty({ example: 0, description: 'Remote calls the monthly budget stopped' })
  budget: number;

  @ApiProperty({ example: 1, description: 'Calls the caller cancelled (or hung up on) while a provider answered' })
  cancelled: number;
}

export class UsageTotalsDto {
  @ApiProperty({ example: 44, description: 'Provider rows: one per provider that took part in a call' })
  calls: number;

  @ApiProperty({ example: 120000 })
  tokensIn: number;

  @ApiProperty({ example: 8000 })
  tokensOut: number;

  @ApiProperty({ example: 0.0228, description: 'USD, from the price table (AI_PRICES)' })
  costUsd: number;

  @ApiProperty({ example: 1850 })
  averageLatencyMs: number;

  @ApiProperty({ type: UsageOutcomesDto })
  outcomes: UsageOutcomesDto;
}

export class UsageGroupDto extends UsageTotalsDto {
  @ApiProperty({ example: 'openai', description: 'The provider, `provider:model`, the task, or the day (YYYY-MM-DD)' })
  key: string;
}

export class UsageSummaryDto {
  @ApiProperty()
  from: Date;

  @ApiProperty()
  to: Date;

  @ApiProperty({ enum: USAGE_GROUPS })
  groupBy: UsageGroup;

  @ApiProperty({ type: UsageTotalsDto })
  totals: UsageTotalsDto;

  @ApiProperty({ type: [UsageGroupDto] })
  groups: UsageGroupDto[];
}
