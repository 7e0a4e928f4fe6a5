import { DynamicModule, Module } from '@nestjs/common';
import { AnalysisModule, TranscriptionModule } from '@quorum/ai';
import { BusinessRulesModule } from '@quorum/business-rules';
import { DataSyncModule } from '@quorum/data-sync';
import { PlatformModule, PlatformModuleOptions } from '@quorum/platform';
import { RagModule } from '@quorum/rag';
import { RealtimeRelayModule } from '@quorum/realtime';

/**
 * The background-job process: the same platform (database, Redis, cache, health) without the public
 * API. It imports the domain modules whose job processors it runs (never their HTTP modules), and
 * relays the domain events of its jobs to the api's sockets; its HTTP port serves only health probes.
 */
@Module({})
export class WorkerModule {
  static forRoot(options: Omit<PlatformModuleOptions, 'appName'>): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ ...options, appName: 'quorum-worker' }),
        AnalysisModule,
        TranscriptionModule,
        RagModule,
        BusinessRulesModule,
        DataSyncModule,
        RealtimeRelayModule,
      ],
    };
  }
}
