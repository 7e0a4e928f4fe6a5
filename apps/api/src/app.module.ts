import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@quorum/auth';
import { MeetingsModule } from '@quorum/meetings';
import { PlatformModule, PlatformModuleOptions } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { ServiceInfoController } from './service-info.controller';

/** The HTTP + Socket.IO process. Domain modules are added here as they land. */
@Module({})
export class AppModule {
  static forRoot(options: Omit<PlatformModuleOptions, 'appName'>): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ ...options, appName: 'quorum-api' }), TenantsModule, AuthModule, MeetingsModule],
      controllers: [ServiceInfoController],
    };
  }
}
