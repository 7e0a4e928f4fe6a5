import { setImmediate as later } from 'node:timers/promises';
import type { NextFunction, Request, Response } from 'express';
import { ClsServiceManager } from 'nestjs-cls';
import { type Principal, RequestContext } from './request-context';

const alice: Principal = { userId: 'u-alice', tenantId: 't-1', role: 'member', sessionId: 's-1' };
const bob: Principal = { userId: 'u-bob', tenantId: 't-2', role: 'admin', sessionId: 's-2' };
const TX = Symbol('transaction');
const cls = ClsServiceManager.getClsService();

/** Runs `fn` inside a request's context, as the middleware opens it for an HTTP request. */
function inRequest<T>(id: string, fn: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const req = { id, ip: '192.0.2.1', headers: {} } as unknown as Request;
    const res = { closed: false, once: () => res } as unknown as Response;
    RequestContext.middleware(req, res, (() => fn().then(resolve, reject)) as NextFunction);
  });
}

describe('RequestContext', () => {
  it('keeps each request to its own principal across awaits, however they interleave', async () => {
    const seen = await Promise.all(
      [alice, bob, alice, bob].map((principal, i) =>
        inRequest(`r${i}`, async () => {
          RequestContext.setPrincipal(principal);
          await later();
          await later();
          return [RequestContext.requestId(), RequestContext.tenantId(), RequestContext.ip()];
        }),
      ),
    );
    expect(seen).toEqual([
      ['r0', 't-1', '192.0.2.1'],
      ['r1', 't-2', '192.0.2.1'],
      ['r2', 't-1', '192.0.2.1'],
      ['r3', 't-2', '192.0.2.1'],
    ]);
    expect(RequestContext.principal()).toBeUndefined();
  });

  it('shares the async context with transactions both ways: a transaction in a request sees its caller, a context opened in a transaction keeps it', async () => {
    // @nestjs-cls/transactional opens each transaction this way, inheriting the caller's context.
    const inTransaction = <T>(fn: () => Promise<T>) => cls.run({ ifNested: 'inherit' }, () => (cls.set(TX, 'tx-1'), fn()));

    const fromRequest = await inRequest('r-tx', async () => {
      RequestContext.setPrincipal(alice);
      return inTransaction(async () => {
        await later();
        return [RequestContext.actorUserId(), RequestContext.requestId(), cls.get(TX)];
      });
    });
    expect(fromRequest).toEqual(['u-alice', 'r-tx', 'tx-1']);

    const fromJob = await inTransaction(() =>
      RequestContext.run(bob, async () => {
        await later();
        return [RequestContext.actorUserId(), cls.get(TX)];
      }),
    );
    expect(fromJob).toEqual(['u-bob', 'tx-1']);
    // Neither leaks out of the work it was opened for.
    expect(cls.get(TX)).toBeUndefined();
    expect(RequestContext.principal()).toBeUndefined();
  });

  it('refuses to set a principal outside any request', () => {
    expect(() => RequestContext.setPrincipal(alice)).toThrow(/outside a request context/);
    expect(() => cls.run(() => RequestContext.setPrincipal(alice))).toThrow(/outside a request context/);
  });
});
