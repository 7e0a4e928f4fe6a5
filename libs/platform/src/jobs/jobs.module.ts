import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { JobBackend } from './job-backend';
import { JobMetrics } from './job-metrics';
import type { JobProcessor, JobQueueClass, JobResult } from './job-processor';
import { JobRegistry } from './job-registry';
import { JobWorkers } from './job-workers';
import { JobsOptions } from './jobs-options';
import { assertQueueName } from './queue-definition';

export interface JobsFeature {
  /** The queues this module enqueues to; each class is provided (and exported) as its own token. */
  queues: JobQueueClass[];
  /** The processors that run them; started only in processes that run jobs (JOB_PROCESSING). */
  processors?: Type<JobProcessor<never, JobResult | void>>[];
}

/** Registers a feature's processors once they are made; never injected. */
const PROCESSOR_REGISTRATION = 'JobsModule:processors';

/**
 * Background jobs on BullMQ (docs/jobs.md). `forRoot` is the process's job
 * machinery, once, from PlatformModule; `forFeature` is how a module declares
 * its queues and processors:
 *
 *   imports: [JobsModule.forFeature({ queues: [AnalysisQueue], processors: [AnalysisProcessor] })]
 */
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      providers: [{ provide: JobsOptions, useValue: options }, JobBackend, JobRegistry, JobMetrics, JobWorkers],
      exports: [JobBackend, JobRegistry],
    };
  }

  static forFeature({ queues, processors = [] }: JobsFeature): DynamicModule {
    const queueProviders: Provider[] = queues.map((queue) => {
      assertQueueName(queue.definition.name);
      return {
        provide: queue,
        inject: [JobBackend, JobRegistry],
        useFactory: (backend: JobBackend, registry: JobRegistry) =>
          registry.addQueue(new queue({ definition: queue.definition, bull: backend.queue(queue.definition) })),
      };
    });
    return {
      module: JobsModule,
      providers: [
        ...queueProviders,
        ...processors,
        {
          provide: PROCESSOR_REGISTRATION,
          inject: [JobRegistry, ...processors],
          useFactory: (registry: JobRegistry, ...instances: JobProcessor<unknown, JobResult | void>[]) => {
            for (const processor of instances) registry.addProcessor(processor);
            return instances.length;
          },
        },
      ],
      exports: queues,
    };
  }
}
