import { createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable, type OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import type { Request, Response } from 'express';
import type { Counter } from 'prom-client';
import { MetricsRegistry } from '../observability/metrics-registry';
import { isImmediateStorage, type ThrottlerStorageRecord as StorageRecord } from './immediate-throttler.storage';

/** The longest IPv6 text form (with an embedded IPv4 address) is 45 characters. */
const MAX_PLAIN_TRACKER = 45;

/** One named throttler as it applies to one route, every value settled. */
interface RouteLimit {
  name: string;
  limit: number;
  ttl: number;
  blockDuration: number;
  /** The storage key up to the client: class, handler and throttler, as the stock guard builds it. */
  keyPrefix: string;
  limitHeader: string;
  remainingHeader: string;
  resetHeader: string;
  retryAfterHeader: string;
}

/** The limits of a route, or DYNAMIC when something in them is worked out per request (left to the stock guard). */
type RoutePlan = readonly RouteLimit[] | typeof DYNAMIC;
const DYNAMIC = Symbol('dynamic');

/**
 * The rate limit on every route: @nestjs/throttler's limits and decorators
 * (@Throttle, @SkipThrottle), keyed by the client address Express derives
 * under TRUST_PROXY (the stock guard takes the first X-Forwarded-For entry,
 * which a client can forge). Each rejection (429) is counted in
 * quorum_rate_limit_rejections_total.
 *
 * The stock guard reads five decorators per throttler and awaits each of their
 * values on every request, and its answer is a promise Nest awaits once more.
 * Here a route's limits are worked out on its first request and kept; with
 * a storage that counts in memory, the whole check is synchronous. Anything
 * resolved per request (a function as a limit, a route's own tracker or key,
 * module-wide skips) is left to the stock guard, with the same storage and keys.
 */
@Injectable()
export class ClientThrottlerGuard implements CanActivate, OnModuleInit {
  private readonly stock: AddressThrottlerGuard;
  private readonly plans = new WeakMap<object, WeakMap<object, RoutePlan>>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    reflector: Reflector,
    metrics: MetricsRegistry,
  ) {
    const rejections = metrics.counter('quorum_rate_limit_rejections_total', 'Requests refused by the global rate limit (429).');
    this.stock = new AddressThrottlerGuard(options, storage, reflector, rejections);
  }

  onModuleInit(): Promise<void> {
    return this.stock.onModuleInit();
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return this.stock.canActivate(context);
    const plan = this.planFor(context);
    if (plan === DYNAMIC) return this.stock.canActivate(context);
    if (!plan.length) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const tracker = req.ip ?? 'unknown';
    const client = clientKey(tracker);
    const storage = this.storage;
    if (!isImmediateStorage(storage)) return this.countAsync(context, plan, res, tracker, client);
    for (const route of plan) {
      const key = route.keyPrefix + client;
      const record = storage.incrementNow(key, route.ttl, route.limit, route.blockDuration, route.name);
      if (record.isBlocked) return this.refuse(context, res, route, key, tracker, record);
      setLimitHeaders(res, route, record);
    }
    return true;
  }

  /** The same steps against a storage that answers asynchronously (Redis). */
  private async countAsync(
    context: ExecutionContext,
    plan: readonly RouteLimit[],
    res: Response,
    tracker: string,
    client: string,
  ): Promise<boolean> {
    for (const route of plan) {
      const key = route.keyPrefix + client;
      const record = await this.storage.increment(key, route.ttl, route.limit, route.blockDuration, route.name);
      if (record.isBlocked) return this.refuse(context, res, route, key, tracker, record);
      setLimitHeaders(res, route, record);
    }
    return true;
  }

  private async refuse(
    context: ExecutionContext,
    res: Response,
    route: RouteLimit,
    key: string,
    tracker: string,
    record: StorageRecord,
  ): Promise<boolean> {
    res.setHeader(route.retryAfterHeader, String(record.timeToBlockExpire));
    await this.stock.refuse(context, { limit: route.limit, ttl: route.ttl, key, tracker, ...record });
    return false;
  }

  private planFor(context: ExecutionContext): RoutePlan {
    const handler = context.getHandler();
    const classRef = context.getClass();
    let byClass = this.plans.get(handler);
    if (!byClass) this.plans.set(handler, (byClass = new WeakMap()));
    let plan = byClass.get(classRef);
    if (!plan) byClass.set(classRef, (plan = this.stock.routePlan(handler, classRef)));
    return plan;
  }
}

/** The tracker as it goes into a key: an address as it is, anything longer (a forged header can be kilobytes) hashed. */
function clientKey(tracker: string): string {
  return tracker.length <= MAX_PLAIN_TRACKER ? tracker : createHash('sha256').update(tracker).digest('base64url');
}

function setLimitHeaders(res: Response, route: RouteLimit, record: StorageRecord): void {
  res.setHeader(route.limitHeader, String(route.limit));
  res.setHeader(route.remainingHeader, String(Math.max(0, route.limit - record.totalHits)));
  res.setHeader(route.resetHeader, String(record.timeToExpire));
}

/**
 * The stock guard with the client address as tracker and short keys: what
 * runs for limits resolved per request, and what works out every other
 * route's limits once (it holds the module's throttlers and options).
 */
class AddressThrottlerGuard extends ThrottlerGuard {
  constructor(
    options: ThrottlerModuleOptions,
    storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly rejections: Counter,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return (req as unknown as Request).ip ?? 'unknown';
  }

  /**
   * The stock guard hashes every key with SHA-256, on every request. Route and
   * throttler names are short, and so is an address; only a tracker that is
   * not one is hashed, so keys stay small in memory and in Redis.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${clientKey(tracker)}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.rejections.inc();
    await super.throwThrottlingException(context, detail);
  }

  /** The 429 for a request over its limit (ThrottlerException, counted). */
  refuse(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    return this.throwThrottlingException(context, detail);
  }

  /**
   * A route's limits as the stock guard would work them out on each request,
   * or DYNAMIC when any of them depends on the request. Runs after onModuleInit.
   */
  routePlan(handler: object, classRef: object): RoutePlan {
    const moduleWide: Exclude<ThrottlerModuleOptions, unknown[]> = Array.isArray(this.options) ? { throttlers: [] } : this.options;
    if (moduleWide.skipIf || moduleWide.ignoreUserAgents || moduleWide.getTracker || moduleWide.generateKey || moduleWide.errorMessage)
      return DYNAMIC;
    const setHeaders = moduleWide.setHeaders ?? true;
    const targets = [handler, classRef] as Parameters<Reflector['getAllAndOverride']>[1];
    const read = (key: string): unknown => this.reflector.getAllAndOverride(key, targets);
    const limits: RouteLimit[] = [];
    for (const throttler of this.throttlers) {
      const name = throttler.name ?? 'default';
      if (read(THROTTLER_SKIP + name)) continue;
      if (throttler.skipIf || throttler.ignoreUserAgents || throttler.getTracker || throttler.generateKey) return DYNAMIC;
      if (!(throttler.setHeaders ?? setHeaders)) return DYNAMIC;
      if (read(THROTTLER_TRACKER + name) || read(THROTTLER_KEY_GENERATOR + name)) return DYNAMIC;
      const limit = read(THROTTLER_LIMIT + name) ?? throttler.limit;
      const ttl = read(THROTTLER_TTL + name) ?? throttler.ttl;
      const blockDuration = read(THROTTLER_BLOCK_DURATION + name) ?? throttler.blockDuration ?? ttl;
      if (typeof limit !== 'number' || typeof ttl !== 'number' || typeof blockDuration !== 'number') return DYNAMIC;
      const suffix = name === 'default' ? '' : `-${name}`;
      limits.push({
        name,
        limit,
        ttl,
        blockDuration,
        keyPrefix: `${(classRef as { name: string }).name}-${(handler as { name: string }).name}-${name}-`,
        limitHeader: `${this.headerPrefix}-Limit${suffix}`,
        remainingHeader: `${this.headerPrefix}-Remaining${suffix}`,
        resetHeader: `${this.headerPrefix}-Reset${suffix}`,
        retryAfterHeader: `Retry-After${suffix}`,
      });
    }
    return limits;
  }
}
