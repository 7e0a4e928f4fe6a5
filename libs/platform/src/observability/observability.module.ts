import { Global, Module } from '@nestjs/common';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';
import { MetricsServer } from './metrics-server';
import { RuntimeMetrics } from './runtime-metrics';

/** Prometheus metrics: the registry every module adds to, GET /metrics (or METRICS_PORT), HTTP and runtime metrics. See docs/observability.md. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsRegistry, HttpMetrics, RuntimeMetrics, MetricsServer],
  exports: [MetricsRegistry, HttpMetrics, MetricsServer],
})
export class ObservabilityModule {}
