import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AiProvidersService } from './ai-providers.service';
import { ProvidersOverviewDto } from './dto/providers-overview.dto';

/** Every member may see which providers their meetings go to and whether they are up; no key or URL is shown. */
@ApiTags('ai')
@Controller('ai/providers')
export class AiProvidersController {
  constructor(private readonly providers: AiProvidersService) {}

  @Get()
  @ApiOperation({ summary: 'AI providers configured per task (chains ending in local), their health and circuit state; no secrets' })
  @ApiOkResponse({ type: ProvidersOverviewDto })
  overview(): Promise<ProvidersOverviewDto> {
    return this.providers.overview();
  }
}
