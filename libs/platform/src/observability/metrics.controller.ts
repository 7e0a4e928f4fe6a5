import { Controller, Get, Header, NotFoundException, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../config';
import { Public } from '../http/public.decorator';
import { MetricsRegistry } from './metrics-registry';
import { authorizeScrape } from './scrape-auth';

/** GET /metrics on the main port, outside /api, not rate-limited, not in the OpenAPI document. With METRICS_PORT it is a 404 here. */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.config.metricsPort !== undefined) throw new NotFoundException();
    authorizeScrape(req.headers.authorization, this.config.metricsToken);
    const body = await this.metrics.scrape();
    res.type(this.metrics.contentType).send(body);
  }
}
