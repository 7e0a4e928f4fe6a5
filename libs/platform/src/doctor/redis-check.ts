import Redis from 'ioredis';
import { type CheckResult, errorField, errorMessage, type Explanation, fail, pass } from './check';
import { timeoutError, withDeadline } from './deadline';
import { redactUrl } from './redact';

const NAME = 'Redis';
export const DEFAULT_TIMEOUT_MS = 3000;

export interface RedisTarget {
  host: string;
  port: number;
  tls: boolean;
}

export function parseRedisUrl(url: string): RedisTarget {
  const parsed = new URL(url);
  return { host: parsed.hostname || 'localhost', port: Number(parsed.port || 6379), tls: parsed.protocol === 'rediss:' };
}

/**
 * Turns what ioredis reports (a Node socket error, a ReplyError such as
 * NOAUTH/WRONGPASS, or a ParserError when the peer is not Redis) into the
 * problem and the exact fix.
 */
export function explainRedisError(error: unknown, target: RedisTarget, timeoutMs = DEFAULT_TIMEOUT_MS): Explanation {
  const code = errorField(error, 'code');
  const message = errorMessage(error);
  const where = `${target.host}:${target.port}`;

  if (code === 'ECONNREFUSED') {
    return {
      problem: `server down: connection refused at ${where}`,
      fix:
        `Is Redis running on ${where}? Start it (e.g. \`redis-server --daemonize yes\`,` +
        ` \`sudo systemctl start redis-server\` or \`docker run -d -p 6379:6379 redis:7\`),` +
        ` correct REDIS_URL, or unset REDIS_URL to run single-instance with an in-memory cache.`,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      problem: `unknown host: "${target.host}" could not be resolved`,
      fix: "Check the host name in REDIS_URL. Inside a container, use the Redis service's name rather than localhost.",
    };
  }
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return {
      problem: `timeout: no answer from ${where} within ${timeoutMs / 1000} s`,
      fix: `Check the host and port in REDIS_URL, and that no firewall or security group blocks this machine from ${where}.`,
    };
  }
  if (/^NOAUTH\b/.test(message)) {
    return {
      problem: `Redis at ${where} requires a password and REDIS_URL has none`,
      fix: 'Check the password in REDIS_URL: redis://:PASSWORD@host:port (or redis://USER:PASSWORD@host:port for an ACL user).',
    };
  }
  if (/^WRONGPASS\b|invalid password|invalid username-password/i.test(message)) {
    return {
      problem: `wrong password: Redis at ${where} rejected the credentials in REDIS_URL`,
      fix: 'Check the password (and user name, for an ACL user) in REDIS_URL; percent-encode special characters such as @ (%40) and : (%3A).',
    };
  }
  if (/^LOADING\b/.test(message)) {
    return {
      problem: `Redis at ${where} is still loading its dataset`,
      fix: 'Wait until loading finishes and run `npm run doctor` again.',
    };
  }
  if (errorField(error, 'name') === 'ParserError' || code === 'ECONNRESET' || code === 'EPIPE') {
    return {
      problem: `${where} did not answer like a Redis server (${message})`,
      fix: target.tls
        ? `Check that ${where} is Redis with TLS enabled, or use redis:// if it does not speak TLS.`
        : `Check that ${where} is Redis and not another service; if it requires TLS, use rediss:// in REDIS_URL.`,
    };
  }
  return {
    problem: `could not connect to ${where}: ${message}${code ? ` (${code})` : ''}`,
    fix: 'Check REDIS_URL and the Redis server log.',
  };
}

export async function checkRedis(redisUrl: string | undefined, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<CheckResult> {
  if (!redisUrl) return pass(NAME, 'not configured: single-instance mode with in-memory cache');
  const label = redactUrl(redisUrl);
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // One attempt: the doctor reports, it does not wait for Redis to come back.
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    // disconnect() half-closes and waits this long for the peer before destroying the socket; a peer that never answers would hold the process open.
    disconnectTimeout: 200,
  });
  // connect() rejects with a bare "Connection is closed."; the cause only arrives as an error event, and the first one is the root.
  let cause: unknown;
  client.on('error', (error: unknown) => {
    cause ??= error;
  });
  try {
    const version = await withDeadline(
      (async () => {
        await client.connect();
        await client.ping();
        // Managed services may forbid INFO; the version is a nicety, not part of the check.
        const info = await client.info('server').catch(() => '');
        return /redis_version:(\S+)/.exec(info)?.[1];
      })(),
      timeoutMs + 1000,
      () => timeoutError('timed out'),
    );
    return pass(NAME, `PING answered by Redis${version ? ` ${version}` : ''} at ${label}`);
  } catch (error) {
    const { problem, fix } = explainRedisError(cause ?? error, parseRedisUrl(redisUrl), timeoutMs);
    return fail(NAME, { problem: `${problem} (REDIS_URL=${label})`, fix });
  } finally {
    client.disconnect();
  }
}
