import { type Logger } from '@nestjs/common';
import type Redis from 'ioredis';

export interface PubSubClients {
  pub: Redis;
  sub: Redis;
}

/** The commands @socket.io/redis-adapter sends without ever handling their promise. */
const FIRE_AND_FORGET = new Set(['publish', 'psubscribe', 'subscribe', 'punsubscribe', 'unsubscribe']);
const WARN_EVERY_MS = 10_000;

/**
 * The adapter's own two connections, duplicated from the platform's so they
 * share its address, credentials, TLS and retry policy, but without its key
 * prefix (the adapter prefixes its channels itself) and with queueing suited
 * to each role. Not connected yet: see connectPubSub.
 */
export function createPubSubClients(base: Redis, logger: Logger): PubSubClients {
  // A broadcast that cannot leave while Redis is away would be stale when it returns; clients resync through REST instead.
  const pub = base.duplicate({ keyPrefix: '', lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // Subscriptions made before the connection is up must wait for it however long it takes; ioredis renews them after each reconnect.
  const sub = base.duplicate({
    keyPrefix: '',
    lazyConnect: true,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    autoResubscribe: true,
  });
  observe(pub, 'publisher', logger);
  observe(sub, 'subscriber', logger);
  return { pub, sub };
}

/**
 * The same connections as the adapter should hold them: the adapter never
 * handles the promises of its publish and (un)subscribe calls, and an
 * unhandled rejection (a publish during an outage) would crash the process.
 */
export function forAdapter({ pub, sub }: PubSubClients, logger: Logger): PubSubClients {
  return { pub: handlingRejections(pub, 'publisher', logger), sub: handlingRejections(sub, 'subscriber', logger) };
}

/** Starts connecting; a Redis that is down at boot must not stop the app, and ioredis keeps retrying. */
export function connectPubSub({ pub, sub }: PubSubClients, logger: Logger): void {
  for (const client of [pub, sub])
    client
      .connect()
      .catch((error: Error) => logger.warn(`realtime Redis connection not up at start (${error.message}); will keep retrying`));
}

export async function closePubSub({ pub, sub }: PubSubClients): Promise<void> {
  // QUIT would wait in the offline queue behind pending subscriptions for a Redis that may never come back.
  await Promise.all(
    [pub, sub].map((client) =>
      client.status === 'ready'
        ? client.quit().then(
            () => undefined,
            () => client.disconnect(),
          )
        : Promise.resolve(client.disconnect()),
    ),
  );
}

/** A publishing connection alone, for processes that send events to sockets but serve none (RealtimeRelay). */
export function createPublisher(base: Redis, logger: Logger): Redis {
  const pub = base.duplicate({ keyPrefix: '', lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  observe(pub, 'publisher', logger);
  pub.connect().catch((error: Error) => logger.warn(`realtime Redis connection not up at start (${error.message}); will keep retrying`));
  return handlingRejections(pub, 'publisher', logger);
}

/** Says when a connection is lost and back, once each rather than per retry (ioredis emits an error per attempt). */
function observe(client: Redis, role: string, logger: Logger): void {
  let wasReady = false;
  client.on('ready', () => {
    if (wasReady) logger.log(`realtime ${role} reconnected to Redis`);
    wasReady = true;
  });
  client.on('error', (error: Error) => {
    if (wasReady) logger.warn(`realtime ${role} lost its Redis connection (${error.message}); retrying`);
    wasReady = false;
  });
}

function handlingRejections(client: Redis, role: string, logger: Logger): Redis {
  let warnedAt = 0;
  const onRejection = (error: Error) => {
    if (Date.now() - warnedAt < WARN_EVERY_MS) return;
    warnedAt = Date.now();
    logger.warn(`realtime ${role} command failed: ${error.message}; events between instances are lost until Redis is back`);
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !FIRE_AND_FORGET.has(property) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) result.catch(onRejection);
        return result;
      };
    },
  });
}
