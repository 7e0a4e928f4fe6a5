import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnalyticsService } from './analytics.service';
import { DashboardQueryDto } from './dto/dashboard-query.dto';
import { DashboardDto } from './dto/dashboard.dto';

@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('dashboard')
  @ApiOperation({
    summary: 'Meetings and action-item figures for a period (default: the last 90 days), computed in SQL and cached briefly',
  })
  @ApiOkResponse({ type: DashboardDto })
  dashboard(@Query() query: DashboardQueryDto): Promise<DashboardDto> {
    return this.analytics.dashboard(query);
  }
}
