import request from 'supertest';
import { login, register, STRONG_PASSWORD, type TokenResponse, uniqueEmail } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { describeWithRedis, startTestApp, type TestApp } from './support/test-app';
import { testRedisPrefix } from './support/test-database';

const attempt = (t: TestApp, email: string, password: string, ip = '203.0.113.10') =>
  request(t.server).post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

describe('login lockout', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A short base lock keeps the test quick; production uses 30 s.
    t = await startTestApp({ env: { LOGIN_LOCK_BASE_MS: '2000', TRUST_PROXY: 'loopback', THROTTLE_LIMIT: '1000' } });
  });
  afterAll(() => t.close());

  it('locks an account after 5 failures with 429 and Retry-After, and the lock lifts by itself', async () => {
    const user = await register(t);
    for (let i = 0; i < 5; i++) await attempt(t, user.user.email, 'Wrong-Password-1').expect(401);
    const locked = await attempt(t, user.user.email, STRONG_PASSWORD).expect(429);
    expectProblem(locked, 429, 'login-locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Even the right password waits for the lock, from any address.
    await attempt(t, user.user.email, STRONG_PASSWORD, '198.51.100.3').expect(429);

    await new Promise((r) => setTimeout(r, Number(locked.headers['retry-after']) * 1000 + 200));
    await attempt(t, user.user.email, STRONG_PASSWORD).expect(200);
  });

  it('backs off exponentially: each failure after a lock locks for twice as long', async () => {
    const user = await register(t);
    for (let i = 0; i < 5; i++) await attempt(t, user.user.email, 'Wrong-Password-1').expect(401);
    const first = Number((await attempt(t, user.user.email, 'Wrong-Password-1').expect(429)).headers['retry-after']);
    await new Promise((r) => setTimeout(r, first * 1000 + 100));
    await attempt(t, user.user.email, 'Wrong-Password-1').expect(401);
    const second = Number((await attempt(t, user.user.email, 'Wrong-Password-1').expect(429)).headers['retry-after']);
    expect(second).toBeGreaterThanOrEqual(first * 2 - 1);
  });

  it('locks an address after 20 failures across accounts, without locking the accounts elsewhere', async () => {
    const victim = await register(t);
    for (let i = 0; i < 20; i++) await attempt(t, uniqueEmail('stuffing'), 'Wrong-Password-1', '192.0.2.44').expect(401);
    await attempt(t, victim.user.email, STRONG_PASSWORD, '192.0.2.44').expect(429);
    await attempt(t, victim.user.email, STRONG_PASSWORD, '192.0.2.45').expect(200);
  });

  it('applies to unknown emails too, so lockouts do not reveal which accounts exist', async () => {
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) await attempt(t, ghost, 'Wrong-Password-1', '198.51.100.77').expect(401);
    await attempt(t, ghost, 'Wrong-Password-1', '198.51.100.77').expect(429);
  });

  it('a successful login resets the failure count', async () => {
    const user = await register(t);
    for (let i = 0; i < 4; i++) await attempt(t, user.user.email, 'Wrong-Password-1', '198.51.100.90').expect(401);
    await attempt(t, user.user.email, STRONG_PASSWORD, '198.51.100.90').expect(200);
    for (let i = 0; i < 4; i++) await attempt(t, user.user.email, 'Wrong-Password-1', '198.51.100.90').expect(401);
    await attempt(t, user.user.email, STRONG_PASSWORD, '198.51.100.90').expect(200);
  });
});

describe('login lockout under a burst', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A lock that cannot run out while a loaded machine works through the burst, so every guess past the fifth meets it.
    t = await startTestApp({ env: { LOGIN_LOCK_BASE_MS: '600000', TRUST_PROXY: 'loopback', THROTTLE_LIMIT: '1000' } });
  });
  afterAll(() => t.close());

  it('evaluates no more than 5 guesses at one account when 200 arrive at once', async () => {
    const user = await register(t);
    const answers = await Promise.all(Array.from({ length: 200 }, () => attempt(t, user.user.email, 'Wrong-Password-1', '198.51.100.120')));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(195);
  });
});

describeWithRedis('login lockout across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let user: TokenResponse;

  beforeAll(async () => {
    const env = { REDIS_KEY_PREFIX: testRedisPrefix(), TRUST_PROXY: 'loopback' };
    a = await startTestApp({ redis: true, env });
    // Same database as a, so the account exists for both instances.
    b = await startTestApp({ redis: true, env: { ...env, DATABASE_URL: a.database.url } });
    user = await register(a);
  });
  afterAll(async () => {
    await b.app.close();
    await a.close();
  });

  it('counts failures on one instance against logins on another', async () => {
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? a : b, user.user.email, 'Wrong-Password-1').expect(401);
    await attempt(b, user.user.email, STRONG_PASSWORD).expect(429);
    await attempt(a, user.user.email, STRONG_PASSWORD).expect(429);
    await expect(login(a, user.user.email)).rejects.toThrow(/429/);
  });

  it('lets no more than 5 guesses through when 200 arrive at once on two instances', async () => {
    const other = await register(a);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => attempt(i % 2 ? a : b, other.user.email, 'Wrong-Password-1', '198.51.100.121')),
    );
    expect(answers.filter((res) => res.status === 401)).toHaveLength(5);
    expect(answers.filter((res) => res.status === 429)).toHaveLength(195);
  });
});
