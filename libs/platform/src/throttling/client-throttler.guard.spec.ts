import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { SkipThrottle, Throttle, ThrottlerGuard, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import { MetricsRegistry } from '../observability/metrics-registry';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { MemoryThrottlerStorage } from './memory-throttler.storage';

class Plain {
  list(): void {}
}

@SkipThrottle()
class Skipped {
  skipped(): void {}
  @SkipThrottle({ default: false })
  reinstated(): void {}
}

class Decorated {
  @Throttle({ default: { limit: 2, ttl: 2_000 }, burst: { limit: 1 } })
  tight(): void {}
  @Throttle({ default: { limit: () => 1 } })
  resolvedPerRequest(): void {}
  @SkipThrottle({ burst: true })
  @Throttle({ default: { limit: '2' as unknown as number } })
  stringLimit(): void {}
}

const ROUTES: [string, object, () => void][] = [
  ['plain', Plain, Plain.prototype.list],
  ['class-level skip', Skipped, Skipped.prototype.skipped],
  ['skip lifted on the handler', Skipped, Skipped.prototype.reinstated],
  ['@Throttle on the handler, two throttlers', Decorated, Decorated.prototype.tight],
  ['a limit resolved per request', Decorated, Decorated.prototype.resolvedPerRequest],
  ['a string limit, one throttler skipped', Decorated, Decorated.prototype.stringLimit],
];

const OPTIONS: ThrottlerModuleOptions = {
  throttlers: [
    { name: 'default', ttl: 60_000, limit: 3 },
    { name: 'burst', ttl: 1_000, limit: 4 },
  ],
};

/** What one request came to: allowed or the error's status, and every header set on the response. */
interface Outcome {
  allowed: boolean | number;
  headers: [string, string][];
}

async function attempt(
  guard: { canActivate(context: ExecutionContext): unknown },
  classRef: object,
  handler: () => void,
  ip: string,
): Promise<Outcome> {
  const headers: [string, string][] = [];
  const res = { setHeader: (name: string, value: unknown) => headers.push([name, String(value)]) };
  const context = new ExecutionContextHost([{ ip, headers: {} }, res], classRef as never, handler);
  context.setType('http');
  try {
    return { allowed: (await guard.canActivate(context)) as boolean, headers };
  } catch (error) {
    return { allowed: (error as { getStatus(): number }).getStatus(), headers };
  }
}

/** A real storage behind the asynchronous interface only, as Redis is: the guard's other path. */
function asyncOnly(storage: ThrottlerStorage): ThrottlerStorage {
  return { increment: (...args) => new Promise((resolve) => setImmediate(() => resolve(storage.increment(...args)))) };
}

async function ours(storage: ThrottlerStorage, metrics = new MetricsRegistry()): Promise<ClientThrottlerGuard> {
  const guard = new ClientThrottlerGuard(OPTIONS, storage, new Reflector(), metrics);
  await guard.onModuleInit();
  return guard;
}

describe('ClientThrottlerGuard', () => {
  it.each(ROUTES)('decides and sets headers as the stock guard does: %s', async (_name, classRef, handler) => {
    const stock = new ThrottlerGuard(OPTIONS, new MemoryThrottlerStorage(), new Reflector());
    await stock.onModuleInit();
    const guards = [stock, await ours(new MemoryThrottlerStorage()), await ours(asyncOnly(new MemoryThrottlerStorage()))];
    for (let i = 0; i < 6; i++) {
      const [expected, ...actual] = await Promise.all(guards.map((guard) => attempt(guard, classRef, handler, '198.51.100.7')));
      for (const outcome of actual) expect(outcome).toEqual(expected);
    }
    // Each client has its own budget.
    const [expected, ...actual] = await Promise.all(guards.map((guard) => attempt(guard, classRef, handler, '198.51.100.8')));
    for (const outcome of actual) expect(outcome).toEqual(expected);
  });

  it('answers at once from a storage in memory, and counts each refusal', async () => {
    const metrics = new MetricsRegistry();
    const guard = await ours(new MemoryThrottlerStorage(), metrics);
    const context = new ExecutionContextHost(
      [{ ip: '203.0.113.9', headers: {} }, { setHeader: () => undefined }],
      Plain,
      Plain.prototype.list,
    );
    context.setType('http');
    for (let i = 0; i < 3; i++) expect(guard.canActivate(context)).toBe(true);
    await expect(guard.canActivate(context)).rejects.toMatchObject({ status: 429 });
    const counted = await metrics.registry.getSingleMetricAsString('quorum_rate_limit_rejections_total');
    expect(counted).toMatch(/^quorum_rate_limit_rejections_total 1$/m);
  });

  it('keeps one budget per client however long its address (a forged header is hashed into the key)', async () => {
    const storage = new MemoryThrottlerStorage();
    const guard = await ours(storage);
    const forged = 'x'.repeat(10_000);
    for (let i = 0; i < 3; i++) expect((await attempt(guard, Plain, Plain.prototype.list, forged)).allowed).toBe(true);
    expect((await attempt(guard, Plain, Plain.prototype.list, forged)).allowed).toBe(429);
    expect((await attempt(guard, Plain, Plain.prototype.list, `${forged}y`)).allowed).toBe(true);
  });
});
