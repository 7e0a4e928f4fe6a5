import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Labels of a metric: a fixed list of names, each holding one of a bounded set of values (never ids, emails or paths). */
type LabelNames<L extends string> = readonly L[];

export interface GaugeOptions<L extends string> {
  labelNames?: LabelNames<L>;
  /** Runs at each scrape, to read a value that lives elsewhere (a pool's size, a connection's state). */
  collect?: (gauge: Gauge<L>) => void | Promise<void>;
}

export interface HistogramOptions<L extends string> {
  labelNames?: LabelNames<L>;
  buckets?: number[];
}

/**
 * The process's one Prometheus registry, served at GET /metrics. It is a new
 * prom-client Registry per app instance (never prom-client's global one), so
 * several apps in one process (the tests) keep their metrics apart.
 *
 * A module adds a metric in two lines: inject MetricsRegistry, then
 *   private readonly exports = this.metrics.counter('quorum_exports_total', 'Exports started', ['format']);
 * and call `this.exports.inc({ format })` where it happens.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    // Node's defaults: CPU, memory, heap spaces, event-loop lag, GC, handles, process start time.
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string = never>(name: string, help: string, labelNames: LabelNames<L> = []): Counter<L> {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string = never>(name: string, help: string, { labelNames = [], collect }: GaugeOptions<L> = {}): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect && {
        collect(this: Gauge<L>) {
          return collect(this);
        },
      }),
    });
  }

  histogram<L extends string = never>(name: string, help: string, { labelNames = [], buckets }: HistogramOptions<L> = {}): Histogram<L> {
    return new Histogram<L>({ name, help, labelNames, registers: [this.registry], ...(buckets && { buckets }) });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of every metric, as Prometheus scrapes it. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
