import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@quorum/platform';
import { AiUsageService } from './ai-usage.service';
import { UsageQueryDto } from './dto/usage-query.dto';
import { UsageSummaryDto } from './dto/usage-summary.dto';

/** Spending is a billing matter, like the audit log: admins and owners read it. */
@ApiTags('ai')
@Roles('admin')
@Controller('ai/usage')
export class AiUsageController {
  constructor(private readonly usage: AiUsageService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's AI usage and cost over a period, grouped by provider, model, task or day (admins)" })
  @ApiOkResponse({ type: UsageSummaryDto })
  summary(@Query() query: UsageQueryDto): Promise<UsageSummaryDto> {
    return this.usage.summary(query);
  }
}
