import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import express, { type Request, type Response } from 'express';
import { AppConfig } from '../config';
import { NoopErrorReporter } from '../observability/noop-error-reporter';
import { RequestContext } from '../tenancy/request-context';
import { NoTimeout, RequestDeadlineGuard } from './request-deadline.guard';

class Handlers {
  route(): void {}
  @NoTimeout()
  stream(): void {}
}

function context(req: Request, res: Response, handler: () => void, type = 'http'): ExecutionContext {
  return {
    getType: () => type,
    getHandler: () => handler,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
}

describe('RequestDeadlineGuard', () => {
  const config = AppConfig.fromEnv({ NODE_ENV: 'test', REQUEST_TIMEOUT_MS: '150' });
  const guard = new RequestDeadlineGuard(config, new Reflector(), new NoopErrorReporter());
  const handlers = new Handlers();
  const signals: (AbortSignal | undefined)[] = [];
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = express();
    app.use(RequestContext.middleware);
    // Answers after `?after=` ms, through res.json as Nest does; a handler that is late answers into the void.
    app.get('/work', (req, res) => {
      guard.canActivate(context(req, res, req.query.stream ? handlers.stream : handlers.route));
      signals.push(RequestContext.signal());
      setTimeout(() => res.status(200).json({ done: true }), Number(req.query.after));
    });
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  it('lets an answer within the deadline through', async () => {
    const res = await fetch(`${base}/work?after=10`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
  });

  it('answers 504 past the deadline, aborts the work, and drops the late answer', async () => {
    const started = Date.now();
    // The handler would answer 200 after 2 s; the 150 ms deadline answers first, with room for a busy machine.
    const res = await fetch(`${base}/work?after=2000`);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 504, type: expect.stringMatching(/request-timeout$/) });
    expect(signals.at(-1)?.aborted).toBe(true);
    // The handler then answers into a muted response: nothing is written twice and the server goes on.
    await new Promise((resolve) => setTimeout(resolve, 2_100 - (Date.now() - started)));
    expect((await fetch(`${base}/work?after=1`)).status).toBe(200);
  });

  it('does not time @NoTimeout() handlers or anything but HTTP', async () => {
    const res = await fetch(`${base}/work?after=300&stream=1`);
    expect(res.status).toBe(200);
    expect(guard.canActivate(context({} as Request, {} as Response, handlers.route, 'ws'))).toBe(true);
  });
});
