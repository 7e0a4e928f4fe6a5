import { createSecretKey } from 'node:crypto';
import type { Request, Response } from 'express';
import { sign } from 'jsonwebtoken';
import { Passport } from 'passport';
import { ExtractJwt, Strategy as JwtStrategy, type VerifiedCallback } from 'passport-jwt';
import { Strategy } from 'passport-strategy';
import { strategyRunner, type StrategyOutcome } from './strategy-runner';

const SECRET = createSecretKey(Buffer.from('a-test-secret-of-enough-length-for-hs256'));

/** A user per subject: "revoked" is refused without an error, "broken" fails with one. */
function verify(payload: { sub: string }, done: VerifiedCallback): void {
  if (payload.sub === 'broken') return done(new Error('the session store is down'), false);
  if (payload.sub === 'revoked') return done(null, false, { reason: 'revoked' });
  done(null, { id: payload.sub }, { scope: 'all' });
}

/** The same decisions a turn of the event loop later, as a verify callback that asks a store does. */
function laterVerify(payload: { sub: string }, done: VerifiedCallback): void {
  setImmediate(() => verify(payload, done));
}

function jwtStrategy(verifyWith = verify): JwtStrategy {
  return new JwtStrategy(
    { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: SECRET as unknown as Buffer, algorithms: ['HS256'] },
    verifyWith,
  );
}

const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as Request;
const bearer = (sub: string, expiresIn = 60) => `Bearer ${sign({ sub }, SECRET, { algorithm: 'HS256', expiresIn })}`;

/** The same strategy through passport.authenticate with a callback: what the runner must agree with. */
function throughPassport(strategy: Strategy, req: Request): Promise<StrategyOutcome> {
  const passport = new Passport();
  passport.use('under-test', strategy);
  return new Promise((resolve) => {
    passport.authenticate('under-test', { session: false }, (error: unknown, user: unknown, info: unknown) =>
      resolve({ error, user, info }),
    )(req, {} as Response, (error?: unknown) => resolve(error ? { error } : { user: false }));
  });
}

/** Errors compared by kind and message: two runs make two instances. */
function comparable({ error, user, info }: StrategyOutcome): unknown {
  const describe = (value: unknown) => (value instanceof Error ? { name: value.name, message: value.message } : value);
  return { error: describe(error) ?? null, user, info: describe(info) };
}

describe('strategyRunner', () => {
  const cases: [string, () => Request][] = [
    ['a valid token', () => request(bearer('u1'))],
    ['no token', () => request()],
    ['a malformed token', () => request('Bearer not.a.jwt')],
    ['an expired token', () => request(bearer('u1', -10))],
    ['a token the verify callback refuses', () => request(bearer('revoked'))],
    ['a verify callback that fails', () => request(bearer('broken'))],
  ];

  it.each(cases)('decides as passport.authenticate does: %s', async (_name, req) => {
    const run = strategyRunner(jwtStrategy());
    const ours = await run(req());
    const theirs = await throughPassport(jwtStrategy(), req());
    expect(comparable(ours)).toEqual(comparable(theirs));
  });

  it('answers at once when the strategy decides before authenticate() returns, and with a promise when it decides later', async () => {
    const now = strategyRunner(jwtStrategy())(request(bearer('u1')));
    expect(now).not.toBeInstanceOf(Promise);
    expect(now).toEqual({ user: { id: 'u1' }, info: { scope: 'all' } });

    const later = strategyRunner(jwtStrategy(laterVerify))(request(bearer('u1')));
    expect(later).toBeInstanceOf(Promise);
    await expect(later).resolves.toEqual({ user: { id: 'u1' }, info: { scope: 'all' } });
  });

  it('reports what the strategy decided, for concurrent requests each their own', async () => {
    const run = strategyRunner(jwtStrategy(laterVerify));
    const outcomes = await Promise.all(['a', 'b', 'revoked', 'c'].map(async (sub) => run(request(bearer(sub)))));
    expect(outcomes.map((o) => o.user)).toEqual([{ id: 'a' }, { id: 'b' }, false, { id: 'c' }]);
    expect(outcomes[2].info).toEqual({ reason: 'revoked' });
    expect(outcomes[0].info).toEqual({ scope: 'all' });
    const expired = await run(request(bearer('a', -10)));
    expect(expired).toMatchObject({ user: false, info: { name: 'TokenExpiredError' } });
  });

  it('settles a strategy that redirects, passes, fails with a bare status or throws, never leaving the request hanging', async () => {
    class Scripted extends Strategy {
      constructor(private readonly act: (self: Strategy) => void) {
        super();
      }
      override authenticate(): void {
        this.act(this);
      }
    }
    const outcome = (act: (self: Strategy) => void) => strategyRunner(new Scripted(act))(request());
    expect(await outcome((s) => s.redirect('https://idp.example.com/login'))).toEqual({ error: expect.any(Error) });
    expect(await outcome((s) => s.pass())).toEqual({ user: false });
    expect(await outcome((s) => s.fail(403))).toEqual({ user: false, info: undefined });
    expect(
      await outcome(() => {
        throw new Error('boom');
      }),
    ).toEqual({ error: new Error('boom') });
    // Only the first decision counts, whether it came at once or later.
    expect(
      await outcome((s) => {
        s.success({ id: 'x' });
        s.fail('late', 401);
      }),
    ).toEqual({ user: { id: 'x' }, info: undefined });
    expect(
      await outcome((s) =>
        setImmediate(() => {
          s.fail('first', 401);
          s.success({ id: 'x' });
        }),
      ),
    ).toEqual({ user: false, info: 'first' });
  });
});
