import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppConfig } from '../config';
import { createRootLogger, ROOT_LOGGER } from './root-logger';

/**
 * The root logger, and nestjs-pino over it for Nest's and the libraries'
 * `Logger`. nestjs-pino's own per-request middleware is not installed
 * (`forRoutes: []`): the request id and trace reach every line through the
 * root logger's mixin, and createRequestLogger writes the response lines.
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ROOT_LOGGER],
      useFactory: (logger: Logger) => ({ pinoHttp: { logger }, useExisting: true, forRoutes: [] }),
    }),
  ],
  providers: [{ provide: ROOT_LOGGER, inject: [AppConfig], useFactory: (config: AppConfig) => createRootLogger(config) }],
  exports: [ROOT_LOGGER],
})
export class LoggingModule {}
