import { randomUUID } from 'node:crypto';
import { type Logger } from '@nestjs/common';
import { authProblem } from '@quorum/auth';
import { type AppConfig, type ErrorReporter, type Problem, toProblem } from '@quorum/platform';
import { REALTIME_NAMESPACE } from './realtime-contract';

/**
 * The problem body REST would send for the same error, for a handshake
 * refusal or a negative ack. `instance` names the namespace and event, and a
 * fresh requestId ties a 5xx to its log line (and, given a reporter, to its
 * error report) as it does over HTTP.
 */
export function socketProblem(
  error: unknown,
  event: string | undefined,
  config: AppConfig,
  logger: Logger,
  reporter?: ErrorReporter,
): Problem {
  const requestId = randomUUID();
  const instance = event ? `${REALTIME_NAMESPACE}#${event}` : REALTIME_NAMESPACE;
  const { status, body } = toProblem(error, { instance, requestId, exposeInternals: !config.isProduction });
  if (status >= 500) {
    logger.error({ err: error, requestId, event }, 'realtime event failed');
    reporter?.captureSocketError(error, instance, requestId);
  }
  return body;
}

/** Sent to a connection whose session ended, just before it is disconnected. */
export function sessionEndedProblem(config: AppConfig, logger: Logger): Problem {
  return socketProblem(
    authProblem('session_revoked', 'The session of this connection has ended. Log in again.'),
    undefined,
    config,
    logger,
  );
}
