import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { AppConfig, type DomainEvent, OnAnyDomainEvent, RedisConnection } from '@quorum/platform';
import type Redis from 'ioredis';
import { REALTIME_NAMESPACE, roomFor, Rooms, toRealtimeEvent } from '../realtime-contract';
import { createPublisher } from '../redis-pubsub';

/**
 * Sends a process's domain events to the sockets of the api instances, from a process that serves no
 * sockets itself (the worker: an analysis finished in a job must still reach the meeting's room). It
 * publishes through Redis on the channels the api's Socket.IO Redis adapter listens on
 * (@socket.io/redis-emitter), with the same rooms as RealtimeBroadcaster. Without REDIS_URL there is
 * no way across processes, and it says so once at start: run jobs in the api (JOB_PROCESSING=all).
 */
@Injectable()
export class RealtimeRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private publisher?: Redis;
  private emitter?: ReturnType<Emitter['of']>;

  constructor(
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const base = this.redis.client;
    if (!base) {
      this.logger.warn(
        'realtime: no REDIS_URL, so events of jobs run in this process reach no sockets; run jobs in the api (JOB_PROCESSING=all)',
      );
      return;
    }
    this.publisher = createPublisher(base, this.logger);
    this.emitter = new Emitter(this.publisher, { key: `${this.config.redisKeyPrefix}socket.io` }).of(REALTIME_NAMESPACE);
    this.logger.log("realtime: events of this process reach the api's sockets through Redis");
  }

  @OnAnyDomainEvent()
  relay(event: DomainEvent): void {
    const room = roomFor(event);
    if (!room || !this.emitter) return;
    this.emitter.to(room).emit(event.type, toRealtimeEvent(event));
    if (event.type === 'meeting.deleted' && event.meetingId)
      this.emitter.in(Rooms.meeting(event.meetingId)).socketsLeave(Rooms.meeting(event.meetingId));
  }

  async onApplicationShutdown(): Promise<void> {
    const publisher = this.publisher;
    this.publisher = undefined;
    this.emitter = undefined;
    if (publisher) await publisher.quit().catch(() => publisher.disconnect());
  }
}
