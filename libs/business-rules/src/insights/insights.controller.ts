import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Problem, Roles } from '@quorum/platform';
import type { Response } from 'express';
import { InsightPageDto } from './dto/insight.dto';
import { InsightsRefreshDto } from './dto/insights-refresh.dto';
import { ListInsightsQuery } from './dto/list-insights.query';
import { InsightsService } from './insights.service';

@ApiTags('insights')
@Controller('insights')
export class InsightsController {
  constructor(private readonly insights: InsightsService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's insights from the latest run, each with its evidence (filter by kind, cursor pagination)" })
  @ApiOkResponse({ type: InsightPageDto })
  list(@Query() query: ListInsightsQuery): Promise<InsightPageDto> {
    return this.insights.list(query);
  }

  /** Admins only: a run reads the whole tenant, so it is not something every member should be able to start at will. */
  @Post('refresh')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({
    summary: "Compute the tenant's insights now, in a job (admins); while one is queued or running, the same job is returned",
  })
  @ApiAcceptedResponse({ type: InsightsRefreshDto, headers: { Location: { description: "The job's status", schema: { type: 'string' } } } })
  @ApiForbiddenResponse({ type: Problem, description: '`insufficient-role`: only admins and owners start a run' })
  @ApiServiceUnavailableResponse({ type: Problem, description: '`jobs-unavailable`: the job queue did not answer; nothing was queued' })
  async refresh(@Res({ passthrough: true }) res: Response): Promise<InsightsRefreshDto> {
    const job = await this.insights.refresh();
    res.setHeader('Location', job.location);
    return job;
  }
}
