import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, PlatformModuleOptions } from '@quorum/platform';

/**
 * The background-job process: the same platform (database, Redis, cache,
 * health) without the public API. Job processors are added as the domain
 * modules that need them land; its HTTP port serves only health probes.
 */
@Module({})
export class WorkerModule {
  static forRoot(options: Omit<PlatformModuleOptions, 'appName'>): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot({ ...options, appName: 'quorum-worker' })],
    };
  }
}
