import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Transactions } from '../database/transactions';
import { JobBackend } from './job-backend';
import { JobMetrics } from './job-metrics';
import type { JobQueueClass } from './job-processor';
import { scheduleChangeLock } from './job-queue';
import { JobProcessorExplorer } from './job-processor-explorer';
import { JobRegistry } from './job-registry';
import { JobSpoolRelay } from './job-spool-relay';
import { JobSpoolRepository } from './job-spool.repository';
import { JobWorkers } from './job-workers';
import { JobsOptions } from './jobs-options';
import { assertQueueName } from './queue-definition';

export interface JobsFeature {
  /** The queues this module enqueues to; each class is provided (and exported) as its own token. */
  queues: JobQueueClass[];
}

/**
 * Background jobs on BullMQ (docs/jobs.md). `forRoot` is the process's job
 * machinery, once, from PlatformModule; `forFeature` is how a module declares
 * its queues and processors:
 *
 *   imports: [JobsModule.forFeature({ queues: [AnalysisQueue] })],
 *   providers: [AnalysisProcessor],
 *
 * Processors are the module's own providers (with its dependencies); JobProcessorExplorer finds them.
 */
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: JobsOptions, useValue: options },
        JobBackend,
        JobRegistry,
        JobMetrics,
        JobWorkers,
        JobProcessorExplorer,
        JobSpoolRepository,
        JobSpoolRelay,
      ],
      exports: [JobBackend, JobRegistry, JobSpoolRelay],
    };
  }

  static forFeature({ queues }: JobsFeature): DynamicModule {
    const queueProviders: Provider[] = queues.map((queue) => {
      assertQueueName(queue.definition.name);
      return {
        provide: queue,
        inject: [JobBackend, JobRegistry, Transactions, JobSpoolRelay],
        useFactory: (backend: JobBackend, registry: JobRegistry, transactions: Transactions, spool: JobSpoolRelay) =>
          registry.addQueue(
            new queue({
              definition: queue.definition,
              get bull() {
                return backend.queue(queue.definition);
              },
              reset: () => backend.forget(queue.definition.name),
              // On the caller's transaction (held until it ends); outside one, taken and released at once.
              lockScheduleChange: async (schedulerId) => {
                await transactions.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
                  scheduleChangeLock(queue.definition.name, schedulerId),
                ]);
              },
              spool: (job) => spool.keep(queue.definition.name, job),
            }),
          ),
      };
    });
    return { module: JobsModule, providers: queueProviders, exports: queues };
  }
}
