import { randomUUID } from 'node:crypto';
import { type INestApplication, type INestApplicationContext, Logger, NotFoundException } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { SessionsService } from '@quorum/auth';
import { AppConfig, RedisConnection, ShutdownState, toProblem } from '@quorum/platform';
import { liveSessionAdapter } from './live-session-adapter';
import { closePubSub, connectPubSub, createPubSubClients, forAdapter, type PubSubClients } from './redis-pubsub';
import { REALTIME_NAMESPACE } from './realtime-contract';
import { REALTIME_OPTIONS, type RealtimeOptions } from './realtime-options';
import { screeningParser } from './screening-parser';

/** Socket.IO's types as @nestjs/platform-socket.io, which pins its own copy, builds the server with. */
type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
type IoServer = ReturnType<IoAdapter['createIOServer']>;

/**
 * Builds the Socket.IO server for the gateways: size limit, CORS as for
 * REST, and either the Redis adapter (REDIS_URL set: events reach sockets on
 * every instance) or the in-memory one with connection state recovery
 * (single instance; the Redis pub/sub adapter cannot recover connections).
 * Nest calls createIOServer during app.init() and dispose() on app.close(),
 * after the servers (and with them every socket) are closed.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly realtimeLogger = new Logger('Realtime');
  private pubSub?: PubSubClients;
  private readonly servers: IoServer[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly sessions: SessionsService,
    private readonly options: RealtimeOptions,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const base = this.redis.client;
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      maxHttpBufferSize: this.options.maxMessageBytes,
      parser: screeningParser,
      cors: corsOptions(this.config),
      ...(base
        ? {}
        : {
            // The middleware must see every reconnection: it is where tokens are checked.
            connectionStateRecovery: { maxDisconnectionDuration: this.options.recoveryWindowMs, skipMiddlewares: false },
            adapter: liveSessionAdapter((principal) => this.sessions.isLive(principal)),
          }),
    } as IoServerOptions);
    if (base) {
      if (!this.pubSub) {
        this.pubSub = createPubSubClients(base, this.realtimeLogger);
        connectPubSub(this.pubSub, this.realtimeLogger);
      }
      const { pub, sub } = forAdapter(this.pubSub, this.realtimeLogger);
      // Channels carry the key prefix so deployments (and test runs) sharing a Redis never hear each other.
      server.adapter(createAdapter(pub, sub, { key: `${this.config.redisKeyPrefix}socket.io` }));
      this.realtimeLogger.log(
        'realtime: Redis adapter, events reach sockets on every instance; no connection state recovery (clients resync through REST)',
      );
    } else {
      this.realtimeLogger.log('realtime: in-memory adapter, single instance, with connection state recovery');
    }
    refuseMainNamespace(server);
    this.servers.push(server);
    return server;
  }

  /** Ends every connection at the transport level: clients see a transport close and reconnect (to another instance, during a deploy). */
  closeConnections(): void {
    for (const server of this.servers) server.engine.close();
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    if (this.pubSub) await closePubSub(this.pubSub);
    this.pubSub = undefined;
  }
}

/**
 * Socket.IO always serves its main namespace, `/`, where no gateway listens: a client that forgot `/realtime`
 * would connect without a token, and every event it sent would go unanswered. Its handshake is refused instead,
 * with a problem that names the namespace to use (as an unknown namespace is refused, but saying why).
 */
function refuseMainNamespace(server: IoServer): void {
  server.of('/').use((_socket, next) => {
    const detail = `Connect to the ${REALTIME_NAMESPACE} namespace, e.g. io('https://<host>${REALTIME_NAMESPACE}'); the main namespace serves nothing.`;
    const { body } = toProblem(new NotFoundException(detail), { instance: '/', requestId: randomUUID(), exposeInternals: false });
    next(Object.assign(new Error(detail), { data: body }));
  });
}

function corsOptions(config: AppConfig): IoServerOptions['cors'] {
  if (config.corsOrigins.includes('*')) return { origin: '*', credentials: false };
  return { origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: true };
}

/**
 * Installs the realtime adapter; call it after NestFactory.create and before
 * app.init(), which is when Nest creates the server and its Redis
 * connections start (nothing connects at import time).
 */
export function setupRealtime(app: INestApplication): void {
  const adapter = new RealtimeIoAdapter(
    app,
    app.get(AppConfig),
    app.get(RedisConnection),
    app.get(SessionsService),
    app.get<RealtimeOptions>(REALTIME_OPTIONS),
  );
  app.useWebSocketAdapter(adapter);
  // Upgraded connections never end by themselves, so the HTTP drain would wait them out; end them as it starts.
  app.get(ShutdownState).onBegin(() => adapter.closeConnections());
}
