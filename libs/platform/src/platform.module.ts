import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { CacheModule } from './cache';
import { AppConfig } from './config';
import { DatabaseModule } from './database';
import { ProblemDetailsFilter } from './errors';
import { HealthModule } from './health';
import {
  ContentTypeGuard,
  createValidationPipe,
  IdempotencyInterceptor,
  IdempotencyKeysRepository,
  IdempotentRequests,
  RequestDeadlineGuard,
} from './http';
import { DomainEvents } from './events';
import { JobsModule } from './jobs';
import { LoggingModule } from './logging';
import { ObservabilityModule } from './observability';
import { RedisModule } from './redis';
import { ClientThrottlerGuard, ThrottlingModule } from './throttling';

export interface PlatformModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Shows in pg_stat_activity, to tell api and worker connections apart. */
  appName: 'quorum-api' | 'quorum-worker';
}

@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, global: true, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

/**
 * Everything a Quorum process stands on: configuration, logging, PostgreSQL,
 * Redis, cache, health, background jobs, and the global HTTP pipeline (declared here once, for
 * every route: deadline, rate limit, content type, validation, errors).
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggingModule,
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        DatabaseModule.forRoot({ url: options.databaseUrl, appName: options.appName }),
        RedisModule,
        CacheModule,
        ThrottlingModule,
        HealthModule,
        ObservabilityModule,
        JobsModule.forRoot({ role: options.appName === 'quorum-worker' ? 'worker' : 'api' }),
      ],
      exports: [DomainEvents, IdempotencyKeysRepository, IdempotentRequests, IdempotencyInterceptor],
      providers: [
        // First, so the deadline covers the other guards' work too.
        { provide: APP_GUARD, useClass: RequestDeadlineGuard },
        { provide: APP_GUARD, useClass: ClientThrottlerGuard },
        { provide: APP_GUARD, useClass: ContentTypeGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        DomainEvents,
        IdempotencyKeysRepository,
        IdempotentRequests,
        IdempotencyInterceptor,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
