import { ReplyError } from 'ioredis';
import { checkRedis, explainRedisError, type RedisTarget } from './redis-check';
import { useSilentServer } from './silent-server.testing';

const target: RedisTarget = { host: 'cache.internal', port: 6380, tls: false };

describe('explainRedisError', () => {
  it('sends a refused connection to "is Redis running"', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:6380'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
    const explanation = explainRedisError(error, target);
    expect(explanation.problem).toBe('server down: connection refused at cache.internal:6380');
    expect(explanation.fix).toContain('Is Redis running on cache.internal:6380?');
    expect(explanation.fix).toContain('unset REDIS_URL');
  });

  it('asks for a password on NOAUTH', () => {
    const explanation = explainRedisError(new ReplyError('NOAUTH Authentication required.'), target);
    expect(explanation.problem).toContain('requires a password');
    expect(explanation.fix).toMatch(/^Check the password in REDIS_URL/);
  });

  it('points WRONGPASS and the pre-ACL "invalid password" at the password in REDIS_URL', () => {
    for (const message of ['WRONGPASS invalid username-password pair or user is disabled.', 'ERR invalid password']) {
      const explanation = explainRedisError(new ReplyError(message), target);
      expect(explanation.problem).toMatch(/^wrong password/);
      expect(explanation.fix).toMatch(/^Check the password/);
    }
  });

  it('suggests rediss:// when the peer does not speak plain Redis', () => {
    const parserError = Object.assign(new Error('Protocol error, got "H" as reply type byte. Please report this.'), {
      name: 'ParserError',
    });
    expect(explainRedisError(parserError, target).fix).toContain('use rediss://');
    expect(explainRedisError(parserError, { ...target, tls: true }).fix).toContain('use redis:// if it does not speak TLS');
  });
});

describe('checkRedis against the local Redis', () => {
  it('passes when REDIS_URL is unset, in single-instance mode', async () => {
    const result = await checkRedis(undefined);
    expect(result).toEqual({ name: 'Redis', ok: true, detail: 'not configured: single-instance mode with in-memory cache' });
  });

  it('passes against 127.0.0.1:6379', async () => {
    const result = await checkRedis('redis://127.0.0.1:6379');
    expect(result.ok).toBe(true);
    expect(result.detail).toMatch(/^PING answered by Redis/);
  });

  it('fails against a closed port with the refused explanation, without printing the password', async () => {
    const result = await checkRedis('redis://:hunter2-secret@127.0.0.1:1');
    expect(result.ok).toBe(false);
    expect(result.detail).toBe('server down: connection refused at 127.0.0.1:1 (REDIS_URL=redis://:***@127.0.0.1:1)');
    expect(result.fix).toContain('Is Redis running on 127.0.0.1:1?');
    expect(`${result.detail} ${result.fix}`).not.toContain('hunter2-secret');
  });

  it('reports rejected credentials as a wrong password', async () => {
    // An ACL user that does not exist gets WRONGPASS even from a Redis without requirepass.
    const result = await checkRedis(`redis://doctor-no-such-user-${process.pid}:nope@127.0.0.1:6379`);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^wrong password/);
  });

  describe('a server that accepts and never answers', () => {
    const silent = useSilentServer();

    it('times out instead of hanging', async () => {
      const port = silent.port();
      const started = Date.now();
      const result = await checkRedis(`redis://127.0.0.1:${port}`, 300);
      expect(result.ok).toBe(false);
      expect(result.detail).toMatch(/^timeout: no answer from 127\.0\.0\.1:\d+/);
      expect(Date.now() - started).toBeLessThan(3000);
    });
  });
});
