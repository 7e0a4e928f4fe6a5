import { DynamicModule, Global, Module } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { AppConfig } from '../config';
import { withoutUnmountedClsEnhancers } from './cls-without-enhancers';
import { buildDataSourceOptions } from './data-source-options';
import { MigrationRunner } from './migration-runner';
import { MigrationStatus } from './migration-status';
import { AfterCommitTypeOrmAdapter, Transactions } from './transactions';

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
        // Transactions live in the async context: no middleware is mounted, a context is opened
        // by the transaction itself, so HTTP, Socket.IO and work outside requests behave alike.
        withoutUnmountedClsEnhancers(
          ClsModule.forRoot({
            global: true,
            plugins: [
              new ClsPluginTransactional({
                // The app's one DataSource, the one TypeOrmModule created above.
                adapter: new AfterCommitTypeOrmAdapter({ dataSourceToken: getDataSourceToken() }),
              }),
            ],
          }),
        ),
      ],
      providers: [MigrationRunner, MigrationStatus, Transactions],
      exports: [MigrationStatus, Transactions],
    };
  }
}
