import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobProcessor, type JobResult } from './job-processor';
import { JobRegistry } from './job-registry';

/**
 * Finds the JobProcessor providers of every module once they are made, so a processor is an ordinary
 * provider of the module that owns its queue, with that module's dependencies (the way @nestjs/bullmq
 * finds its @Processor classes). Registering happens in onModuleInit, before JobWorkers starts workers
 * in onApplicationBootstrap.
 */
@Injectable()
export class JobProcessorExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.isDependencyTreeStatic() && wrapper.instance instanceof JobProcessor)
        this.registry.addProcessor(wrapper.instance as JobProcessor<unknown, JobResult | void>);
    }
  }
}
