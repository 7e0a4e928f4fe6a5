import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config';
import { buildDataSourceOptions } from './data-source-options';
import { MigrationRunner } from './migration-runner';
import { MigrationStatus } from './migration-status';

export interface DatabaseModuleOptions {
  /** Resolved before the app is created: DATABASE_URL, or the embedded server's URL. */
  url: string;
  appName: string;
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions(config, options.url, options.appName),
            autoLoadEntities: true,
            // Fail the boot quickly with the real error rather than retrying for minutes.
            retryAttempts: 2,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [MigrationRunner, MigrationStatus],
      exports: [MigrationStatus],
    };
  }
}
