import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventLoopMonitor } from './event-loop-monitor';
import { HealthController } from './health.controller';
import { HealthReportService } from './health-report.service';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [ReadinessService, HealthReportService, ShutdownState, EventLoopMonitor],
  exports: [ReadinessService, ShutdownState],
})
export class HealthModule {}
