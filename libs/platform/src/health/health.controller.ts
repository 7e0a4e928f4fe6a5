import { Controller, Get, HttpCode, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { AppConfig } from '../config';
import { Public } from '../http/public.decorator';
import { Problem } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import { EventLoopMonitor } from './event-loop-monitor';
import { HealthReportDto, LivenessDto } from './health.dto';
import { ReadinessService } from './readiness.service';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly config: AppConfig,
    private readonly readiness: ReadinessService,
    private readonly eventLoop: EventLoopMonitor,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and its event loop answers. Touches no dependency.' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()), eventLoopDelayMs: this.eventLoop.p99DelayMs() };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database reachable, migrations applied, Redis reachable when configured, not shutting down.' })
  @ApiOkResponse({ description: 'Ready for traffic' })
  @ApiServiceUnavailableResponse({ type: Problem, description: 'Not ready; `checks` says which dependency failed' })
  async ready(): Promise<HealthCheckResult> {
    const result = await this.readiness.check();
    if (result.status !== 'ok') {
      const failing = Object.keys(result.error ?? {});
      throw new ProblemException({
        status: 503,
        slug: 'not-ready',
        title: 'Not ready',
        detail: `Not ready: ${failing.join(', ') || 'unknown'} failing.`,
        extensions: { checks: result.details },
        headers: { 'Retry-After': '5' },
      });
    }
    return result;
  }

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'A detailed report for humans and dashboards; always 200, read `status`.' })
  @ApiOkResponse({ type: HealthReportDto })
  async report(): Promise<HealthReportDto> {
    const result = await this.readiness.check();
    const details = result.details as Record<string, Record<string, unknown>>;
    return {
      status: result.status === 'ok' ? 'ok' : 'down',
      version: this.config.version,
      uptimeSeconds: Math.round(process.uptime()),
      timestamp: new Date().toISOString(),
      database: { ...details.database, migrations: details.migrations },
      redis: this.config.redisUrl ? details.redis : { status: 'not configured', mode: 'in-memory (single instance)' },
      lifecycle: details.lifecycle,
    };
  }
}
