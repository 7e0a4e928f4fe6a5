import { Controller, Get, HttpCode, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../http/public.decorator';
import { Problem } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import { EventLoopMonitor } from './event-loop-monitor';
import { HealthReportDto, LivenessDto } from './health.dto';
import { HealthReportService } from './health-report.service';
import { ReadinessService } from './readiness.service';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly healthReport: HealthReportService,
    private readonly eventLoop: EventLoopMonitor,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and its event loop answers. Touches no dependency.' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()), eventLoopDelayMs: this.eventLoop.p99DelayMs() };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: database reachable, migrations applied, not shutting down. Redis is not part of it: without Redis the instance still serves (GET /health then says degraded).',
  })
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
  @ApiOperation({ summary: 'A detailed report for humans and dashboards; always 200, read `status` (ok, degraded, down) and `reasons`.' })
  @ApiOkResponse({ type: HealthReportDto })
  report(): Promise<HealthReportDto> {
    return this.healthReport.report();
  }
}
