import { DynamicModule, Module, type Type } from '@nestjs/common';
import { ActionItemsModule } from '@quorum/action-items';
import { AuthModule } from '@quorum/auth';
import { MeetingsModule } from '@quorum/meetings';
import { MetricsModule } from '@quorum/metrics';
import { PlatformModule, PlatformModuleOptions } from '@quorum/platform';
import { RealtimeModule } from '@quorum/realtime';
import { TenantsModule } from '@quorum/tenants';
import { ServiceInfoController } from './service-info.controller';

/** The HTTP + Socket.IO process. Domain modules are added here as they land. */
@Module({})
export class AppModule {
  /** `modules`: further modules to wire, for tests of a module not yet listed here (Nest imports a module once, however often named). */
  static forRoot({ modules = [], ...options }: Omit<PlatformModuleOptions, 'appName'> & { modules?: Type[] }): DynamicModule {
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
        ...modules,
      ],
      controllers: [ServiceInfoController],
    };
  }
}
