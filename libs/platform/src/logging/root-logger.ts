import { type DestinationStream, type Logger, pino } from 'pino';
import { type AppConfig } from '../config';
import { RequestContext } from '../tenancy/request-context';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
];

/** Injection token of the process's one pino logger. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * The process's one pino logger. Lines written while a request is handled
 * carry its request id and trace through the mixin, which runs only for lines
 * that are written: no child logger is built per request for lines that the
 * level filters out.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => RequestContext.logFields(),
      // pino's default merge writes into the mixin's object, which is the request's shared one.
      mixinMergeStrategy: (line: object, fields: object) => ({ ...fields, ...line }),
    },
    destination,
  );
}
