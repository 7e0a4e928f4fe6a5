import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, ProblemException, type Principal } from '@quorum/platform';
import type { Request } from 'express';
import jwt from 'jsonwebtoken';
import { strategyRunner, type StrategyOutcome } from '../guards/strategy-runner';
import type { SessionsService } from '../sessions/sessions.service';
import { AccessTokenService } from './access-token.service';
import { JwtStrategy } from './jwt.strategy';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256-0000';

/** JwtStrategy as AccessGuard runs it: the session check decides whether the answer comes at once or later. */
describe('JwtStrategy', () => {
  const config = AppConfig.fromEnv({ NODE_ENV: 'test', JWT_SECRET: SECRET });
  const principal: Principal = { userId: randomUUID(), tenantId: randomUUID(), role: 'member', sessionId: randomUUID() };
  const token = jwt.sign({ sub: principal.userId, tid: principal.tenantId, role: principal.role, sid: principal.sessionId }, SECRET, {
    issuer: 'quorum',
    audience: 'quorum-api',
    expiresIn: 600,
  });
  const request = (bearer = token) => ({ headers: { authorization: `Bearer ${bearer}` } }) as unknown as Request;
  const run = (isLive: SessionsService['isLive']) =>
    strategyRunner(new JwtStrategy(new AccessTokenService(new JwtService({}), config), { isLive } as unknown as SessionsService));
  const problemOf = (outcome: StrategyOutcome) => {
    expect(outcome.error).toBeInstanceOf(ProblemException);
    return (outcome.error as ProblemException).extensions.code;
  };

  it('admits a token whose session is in the cache without a promise', () => {
    const outcome = run(() => true)(request());
    expect(outcome).not.toBeInstanceOf(Promise);
    expect((outcome as StrategyOutcome).user).toMatchObject(principal);
  });

  it('refuses an ended session at once when the cache says so', () => {
    const outcome = run(() => false)(request()) as StrategyOutcome;
    expect(outcome).not.toBeInstanceOf(Promise);
    expect(problemOf(outcome)).toBe('session_revoked');
  });

  it('waits for a session check that has to ask the store, and reports the store failing as an error', async () => {
    const looked = run(async () => true)(request());
    expect(looked).toBeInstanceOf(Promise);
    expect((await looked).user).toMatchObject(principal);

    expect(problemOf(await run(async () => false)(request()))).toBe('session_revoked');

    const down = await run(() => Promise.reject(new Error('the store is down')))(request());
    expect(down).toEqual({ error: new Error('the store is down') });
  });

  it('refuses claims we do not issue before asking for the session', () => {
    const isLive = jest.fn(() => true);
    const forged = jwt.sign({ sub: 'not-a-uuid', tid: principal.tenantId, role: 'owner', sid: principal.sessionId }, SECRET, {
      issuer: 'quorum',
      audience: 'quorum-api',
      expiresIn: 600,
    });
    expect(problemOf(run(isLive)(request(forged)) as StrategyOutcome)).toBe('invalid_token');
    expect(isLive).not.toHaveBeenCalled();
  });
});
