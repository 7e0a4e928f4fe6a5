import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QualityAggregateDto } from './dto/quality-aggregate.dto';
import { QualityAggregateQuery } from './dto/quality-aggregate.query';
import { QualityService } from './quality.service';

/**
 * The dashboard's quality figures, beside GET /analytics/dashboard rather than inside it: the dashboard lives in
 * libs/metrics, which may not import business-rules, and it offers no registry for other modules' figures.
 */
@ApiTags('analytics')
@Controller('analytics')
export class QualityAnalyticsController {
  constructor(private readonly quality: QualityService) {}

  @Get('quality')
  @ApiOperation({
    summary:
      "Data quality of the tenant's meetings held in a period (default: the last 90 days): mean score, distribution, weakest component",
  })
  @ApiOkResponse({ type: QualityAggregateDto })
  aggregate(@Query() query: QualityAggregateQuery): Promise<QualityAggregateDto> {
    return this.quality.aggregate(query);
  }
}
