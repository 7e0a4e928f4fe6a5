import { DynamicModule, Module } from '@nestjs/common';
import { ActionItemsHttpModule } from '@quorum/action-items';
import { AiHttpModule } from '@quorum/ai';
import { AuthModule } from '@quorum/auth';
import { BusinessRulesHttpModule } from '@quorum/business-rules';
import { DataSyncHttpModule } from '@quorum/data-sync';
import { MeetingsHttpModule } from '@quorum/meetings';
import { RagHttpModule } from '@quorum/rag';
import { MetricsModule } from '@quorum/metrics';
import { JobStatusModule, PlatformModule, PlatformModuleOptions } from '@quorum/platform';
import { RealtimeModule } from '@quorum/realtime';
import { TenantsHttpModule } from '@quorum/tenants';
import { ServiceInfoController } from './service-info.controller';

/**
 * The HTTP + Socket.IO process. Domain modules are added here as they land,
 * by their HTTP modules (routes over the domain module's services); the
 * worker imports domain modules without their routes.
 */
@Module({})
export class AppModule {
  static forRoot(options: Omit<PlatformModuleOptions, 'appName'>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, appName: 'quorum-api' }),
        TenantsHttpModule,
        AuthModule,
        MeetingsHttpModule,
        ActionItemsHttpModule,
        MetricsModule,
        RealtimeModule,
        AiHttpModule,
        RagHttpModule,
        BusinessRulesHttpModule,
        DataSyncHttpModule,
        JobStatusModule,
      ],
      controllers: [ServiceInfoController],
    };
  }
}
