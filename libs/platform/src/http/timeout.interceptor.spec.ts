import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { firstValueFrom, NEVER, Observable, of, throwError } from 'rxjs';
import { AppConfig } from '../config';
import { ProblemException } from '../errors/problem.exception';
import { NoTimeout, TimeoutInterceptor } from './timeout.interceptor';

class Handlers {
  route(): void {}
  @NoTimeout()
  stream(): void {}
}

function context(handler: () => void, type = 'http'): ExecutionContext {
  return { getType: () => type, getHandler: () => handler } as unknown as ExecutionContext;
}

describe('TimeoutInterceptor', () => {
  const config = AppConfig.fromEnv({ NODE_ENV: 'test', REQUEST_TIMEOUT_MS: '1000' });
  const interceptor = new TimeoutInterceptor(config, new Reflector());
  const handlers = new Handlers();
  const next = (handled: Observable<unknown>): CallHandler => ({ handle: () => handled });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('passes the answer through and leaves no timer behind', async () => {
    await expect(firstValueFrom(interceptor.intercept(context(handlers.route), next(of({ ok: true }))))).resolves.toEqual({ ok: true });
    expect(jest.getTimerCount()).toBe(0);
  });

  it("passes the handler's error through", async () => {
    const error = new Error('boom');
    await expect(firstValueFrom(interceptor.intercept(context(handlers.route), next(throwError(() => error))))).rejects.toBe(error);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('answers 504 when the handler has not answered within REQUEST_TIMEOUT_MS', async () => {
    const answer = firstValueFrom(interceptor.intercept(context(handlers.route), next(NEVER)));
    jest.advanceTimersByTime(999);
    const settled = jest.fn();
    answer.then(settled, settled);
    await Promise.resolve();
    expect(settled).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    const error = (await answer.catch((e: unknown) => e)) as ProblemException;
    expect(error).toBeInstanceOf(ProblemException);
    expect(error.getStatus()).toBe(504);
  });

  it('clears its timer when the subscriber goes away', () => {
    const subscription = interceptor.intercept(context(handlers.route), next(NEVER)).subscribe({ error: () => undefined });
    expect(jest.getTimerCount()).toBe(1);
    subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not time @NoTimeout() handlers or anything but HTTP', () => {
    const handled = NEVER;
    expect(interceptor.intercept(context(handlers.stream), next(handled))).toBe(handled);
    expect(interceptor.intercept(context(handlers.route, 'ws'), next(handled))).toBe(handled);
  });
});
