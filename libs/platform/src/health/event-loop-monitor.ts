import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Samples event-loop delay so liveness can report how responsive the process is. */
@Injectable()
export class EventLoopMonitor implements OnModuleInit, OnApplicationShutdown {
  private histogram?: IntervalHistogram;

  onModuleInit(): void {
    this.histogram = monitorEventLoopDelay({ resolution: 20 });
    this.histogram.enable();
  }

  /** p99 delay in ms over the last window, then the window restarts. */
  p99DelayMs(): number {
    if (!this.histogram) return 0;
    const p99 = this.histogram.percentile(99) / 1e6;
    this.histogram.reset();
    return Math.round(p99 * 10) / 10;
  }

  onApplicationShutdown(): void {
    this.histogram?.disable();
  }
}
