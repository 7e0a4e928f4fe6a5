import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createPostgresBackend, type Processor, Queue, Worker, type WorkerOptions } from 'bullmq';
import Redis from 'ioredis';
import { Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { jobBackoffStrategy } from './job-backoff';
import type { JobEnvelope } from './job-envelope';
import type { BullQueue } from './job-queue';
import type { QueueDefinition } from './queue-definition';

/** The schema of BullMQ's PostgreSQL backend, made by migrations/1796052924974-JobQueueSchema.ts (BullMQ's default: a pool given to BullMQ always uses it). */
export const JOB_SCHEMA = 'bullmq';
/** Connections of the pool all queues share (adds and reads are short statements). */
const PRODUCER_POOL_MAX = 4;
/**
 * Connections the workers of a process share for their statements, on top of one LISTEN connection per worker.
 * Each statement is one short round trip (fetch, lock renewal, finish), none holds a connection while it waits
 * for another, and the jobs' own work runs on the app's pool; so a few serve every worker, where a pool of
 * `concurrency + 1` per worker (BullMQ's own sizing) held one or two each, idle or not.
 */
const WORKER_STATEMENT_CONNECTIONS = 4;
/** How long a closing pool waits for its checked-out connections to come back before it ends them (closePool). */
const POOL_CLOSE_GRACE_MS = 1000;

export type JobStore = 'redis' | 'postgres';
export type BullWorker = Worker<JobEnvelope<unknown>, unknown, string, never, number | object, unknown>;
export type BullProcessor = Processor<JobEnvelope<unknown>, unknown, string>;

/** What `JobBackend.workers` makes one worker of. */
export interface WorkerSpec {
  definition: QueueDefinition;
  processor: BullProcessor;
  concurrency: number;
}

/**
 * Where jobs live, and the one place that makes BullMQ's queues and workers:
 * in Redis with REDIS_URL, else in BullMQ's PostgreSQL backend on the app's
 * own database, so a process started with nothing configured still has
 * durable, retried jobs, through the same API.
 *
 * Redis: one connection for every queue, which fails fast while Redis is down
 * (enqueueing then answers 503 instead of hanging), and one for every worker
 * with BullMQ's required `maxRetriesPerRequest: null` (a worker waits for Redis
 * to come back); each worker adds its own blocking connection. The keys start
 * with REDIS_KEY_PREFIX, as every key Quorum writes.
 *
 * PostgreSQL: the queues share one small pool, and the workers another, which
 * holds each worker's LISTEN connection and a few for their statements; both
 * on schema `bullmq`. BullMQ's migrations are off here: the schema changes only
 * through migrations/ (see docs/jobs.md).
 */
@Injectable()
export class JobBackend implements OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  readonly store: JobStore;
  private readonly queues = new Map<string, BullQueue>();
  private producer?: Redis;
  private consumer?: Redis;
  private producers?: Pool;
  private consumers?: Pool;
  /** Each pool's open connections, idle or checked out, so that shutdown can end the ones never given back. */
  private readonly connections = new WeakMap<Pool, Set<PoolClient>>();

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.store = config.redisUrl ? 'redis' : 'postgres';
  }

  /** For the start-up log line. */
  describe(): string {
    return this.store === 'redis'
      ? `jobs are queued in Redis (REDIS_URL, keys under ${this.redisPrefix}:)`
      : `jobs are queued in PostgreSQL (no REDIS_URL; schema "${JOB_SCHEMA}" of the app's database)`;
  }

  /** The BullMQ queue named by `definition`, made once per process. */
  queue(definition: QueueDefinition): BullQueue {
    let queue = this.queues.get(definition.name);
    if (queue) return queue;
    queue = (this.store === 'redis'
      ? new Queue(definition.name, { connection: this.redis('producer'), prefix: this.redisPrefix })
      : new Queue(definition.name, { connection: this.producerPool() }, createPostgresBackend)) as unknown as BullQueue;
    this.logErrorsOf(queue, `queue ${definition.name}`);
    this.queues.set(definition.name, queue);
    return queue;
  }

  /** Closes and drops the queue of this name; the next `queue()` makes a new one. */
  async forget(name: string): Promise<void> {
    const queue = this.queues.get(name);
    this.queues.delete(name);
    await queue?.close().catch(() => undefined);
  }

  /**
   * A worker for each spec's queue, not yet running (JobWorkers runs and closes them). Made together because on
   * PostgreSQL they share one pool, sized by how many there are.
   */
  workers(specs: readonly WorkerSpec[]): BullWorker[] {
    const consumers = this.store === 'postgres' && specs.length ? this.consumerPool(specs.length) : undefined;
    return specs.map(({ definition, processor, concurrency }) => {
      const options: Omit<WorkerOptions, 'connection'> = {
        concurrency,
        autorun: false,
        // A worker renews its jobs' locks every half of this; a lock that runs out means its worker is gone,
        // and the next stalled check (every this often, by any worker) puts the job back in the queue.
        lockDuration: this.config.jobStallTimeoutMs,
        stalledInterval: this.config.jobStallTimeoutMs,
        // Put back once; a job whose worker dies twice (a job that crashes the process) fails instead of looping.
        maxStalledCount: 1,
        settings: { backoffStrategy: jobBackoffStrategy },
      };
      const worker = (consumers
        ? new Worker(definition.name, processor, { ...options, connection: consumers }, createPostgresBackend)
        : new Worker(definition.name, processor, {
            ...options,
            connection: this.redis('consumer'),
            prefix: this.redisPrefix,
          })) as unknown as BullWorker;
      this.logErrorsOf(worker, `worker of ${definition.name}`);
      return worker;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    // BullMQ does not close a pool it was given; the queues are closed, and the workers before them
    // (JobWorkers, at beforeApplicationShutdown), so nothing uses either any more.
    for (const pool of [this.producers, this.consumers]) if (pool) await this.closePool(pool);
    for (const client of [this.producer, this.consumer]) await client?.quit().catch(() => client.disconnect());
  }

  /** The PostgreSQL pools made so far, for their gauges: `queues` (every process) and `workers` (a process that runs jobs). */
  pools(): { name: 'queues' | 'workers'; pool: Pool }[] {
    const pools: { name: 'queues' | 'workers'; pool: Pool }[] = [];
    if (this.producers) pools.push({ name: 'queues', pool: this.producers });
    if (this.consumers) pools.push({ name: 'workers', pool: this.consumers });
    return pools;
  }

  /** BullMQ's `prefix`; it cannot use ioredis's keyPrefix, so REDIS_KEY_PREFIX goes here. */
  private get redisPrefix(): string {
    return `${this.config.redisKeyPrefix}bull`;
  }

  private redis(role: 'producer' | 'consumer'): Redis {
    const url = this.config.redisUrl!;
    if (role === 'producer')
      return (this.producer ??= new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: 'quorum-jobs' }));
    return (this.consumer ??= new Redis(url, { maxRetriesPerRequest: null, connectionName: 'quorum-jobs-workers' }));
  }

  /**
   * The one pool every queue of the process adds and reads jobs through: a dozen queues, mostly quiet, each with a
   * pool of its own held more connections than the app's own pool.
   */
  private producerPool(): Pool {
    return (this.producers ??= this.sharedPool('job queue connections', PRODUCER_POOL_MAX, 10_000));
  }

  /**
   * The pool the process's `workers` share. Each checks its LISTEN connection out of it for as long as it runs,
   * so it holds one per worker besides the statements' few: a LISTEN connection can never starve a statement.
   * The workers' periodic checks come in bursts every few seconds that use every statement connection, so those
   * stay open (30 s idle) rather than being closed and opened again between bursts.
   */
  private consumerPool(workers: number): Pool {
    return (this.consumers ??= this.sharedPool('job worker connections', workers + WORKER_STATEMENT_CONNECTIONS, 30_000));
  }

  /**
   * A pool of `max` connections, each closed after `idleMs` unused, that BullMQ is given rather than makes. BullMQ
   * uses such a pool as it is, so the pool pins its connections to the job schema itself (BullMQ's default schema,
   * which it then assumes); keepAlive lets a LISTEN connection checked out of it notice a silently dropped peer.
   */
  private sharedPool(what: string, max: number, idleMs: number): Pool {
    const { url, applicationName } = this.dataSource.options as { url: string; applicationName?: string };
    const pool = new Pool({
      connectionString: url,
      max,
      idleTimeoutMillis: idleMs,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      application_name: `${applicationName ?? 'quorum'}-jobs`,
      options: `-c search_path="${JOB_SCHEMA}"`,
    });
    // Each queue's or worker's backend listens for the pool's errors: one listener each, a dozen or so, not a leak.
    pool.setMaxListeners(100);
    this.logErrorsOf(pool, what);
    const connections = new Set<PoolClient>();
    pool.on('connect', (client) => connections.add(client));
    pool.on('remove', (client) => connections.delete(client));
    this.connections.set(pool, connections);
    return pool;
  }

  /**
   * Ends a pool, and after a grace the connections that were never given back. pool.end() waits for every
   * checked-out connection, and BullMQ can keep one it took after its worker or queue was closed: a worker closed
   * while it was still taking its LISTEN connection, a schedule declared at start and cut off by the shutdown. A
   * process closed right after it started then never finished closing.
   */
  private async closePool(pool: Pool): Promise<void> {
    const ended = pool.end().then(
      () => true,
      () => true,
    );
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<false>((resolve) => (timer = setTimeout(resolve, POOL_CLOSE_GRACE_MS, false)));
    const closed = await Promise.race([ended, grace]);
    clearTimeout(timer);
    if (closed) return;
    const kept = [...(this.connections.get(pool) ?? [])];
    this.logger.warn(`${kept.length} job connection(s) were not given back at shutdown; closing them`);
    await Promise.all(kept.map((client) => client.end().catch(() => undefined)));
  }

  /**
   * BullMQ reports connection trouble as 'error' events, again at every retry; the log gets each
   * distinct message once a minute. (Without a listener an 'error' event would crash the process.)
   */
  private logErrorsOf(emitter: { on(event: 'error', listener: (error: Error) => void): unknown }, what: string): void {
    const lastLogged = new Map<string, number>();
    emitter.on('error', (error: Error) => {
      const now = Date.now();
      if (now - (lastLogged.get(error.message) ?? 0) < 60_000) return;
      lastLogged.set(error.message, now);
      this.logger.warn(`${what}: ${error.message}`);
    });
  }
}
