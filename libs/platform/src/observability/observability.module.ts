import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config';
import { ErrorReporter } from './error-reporter';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';
import { MetricsServer } from './metrics-server';
import { RuntimeMetrics } from './runtime-metrics';
import { startErrorReporting } from './start-error-reporting';

/**
 * Prometheus metrics (the registry every module adds to, GET /metrics or METRICS_PORT, HTTP and runtime metrics) and
 * error reporting (ErrorReporter: Sentry with SENTRY_DSN, nothing without). See docs/observability.md.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    MetricsRegistry,
    HttpMetrics,
    RuntimeMetrics,
    MetricsServer,
    { provide: ErrorReporter, inject: [AppConfig], useFactory: startErrorReporting },
  ],
  exports: [MetricsRegistry, HttpMetrics, MetricsServer, ErrorReporter],
})
export class ObservabilityModule {}
