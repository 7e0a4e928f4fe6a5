import { DynamicModule, Module } from '@nestjs/common';
import { ActionItemsModule } from '@quorum/action-items';
import { AiProvidersModule } from '@quorum/ai';
import { AuthModule } from '@quorum/auth';
import { MeetingsModule } from '@quorum/meetings';
import { MetricsModule } from '@quorum/metrics';
import { JobStatusModule, PlatformModule, PlatformModuleOptions } from '@quorum/platform';
import { RealtimeModule } from '@quorum/realtime';
import { TenantsModule } from '@quorum/tenants';
import { ServiceInfoController } from './service-info.controller';

/** The HTTP + Socket.IO process. Domain modules are added here as they land. */
@Module({})
export class AppModule {
  static forRoot(options: Omit<PlatformModuleOptions, 'appName'>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, appName: 'quorum-api' }),
        TenantsModule,
        AuthModule,
        MeetingsModule,
        ActionItemsModule,
        MetricsModule,
        RealtimeModule,
        AiProvidersModule,
        JobStatusModule,
      ],
      controllers: [ServiceInfoController],
    };
  }
}
