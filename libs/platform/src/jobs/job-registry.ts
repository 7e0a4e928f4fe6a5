import { Injectable } from '@nestjs/common';
import type { JobProcessor, JobResult } from './job-processor';
import type { JobQueue } from './job-queue';

/** Every queue and processor the process's modules registered through JobsModule.forFeature. */
@Injectable()
export class JobRegistry {
  private readonly queuesByName = new Map<string, JobQueue<unknown>>();
  private readonly processorsByQueue = new Map<string, JobProcessor<unknown, JobResult | void>>();

  get queues(): JobQueue<unknown>[] {
    return [...this.queuesByName.values()];
  }

  get processors(): JobProcessor<unknown, JobResult | void>[] {
    return [...this.processorsByQueue.values()];
  }

  addQueue<Q extends JobQueue<unknown>>(queue: Q): Q {
    this.queuesByName.set(queue.name, queue);
    return queue;
  }

  addProcessor(processor: JobProcessor<unknown, JobResult | void>): void {
    const name = processor.queue.definition.name;
    const existing = this.processorsByQueue.get(name);
    if (existing && existing !== processor)
      throw new Error(
        `Queue ${name} has two processors (${existing.constructor.name}, ${processor.constructor.name}); give each its own queue`,
      );
    this.processorsByQueue.set(name, processor);
  }
}
