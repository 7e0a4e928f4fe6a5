import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, AttemptCounter, ProblemException } from '@quorum/platform';

/** Failures before an account locks; the lock then doubles with each further failure. */
export const ACCOUNT_FAILURE_LIMIT = 5;
/** Failures from one address across all accounts (credential stuffing), before the address locks. */
export const IP_FAILURE_LIMIT = 20;
const FAILURE_WINDOW_MS = 15 * 60_000;
const MAX_LOCK_MS = 15 * 60_000;

const digest = (value: string) => createHash('sha256').update(value.toLowerCase()).digest('hex').slice(0, 32);

/**
 * Brute-force protection for login: after 5 failures for an account (or 20
 * from one address) further tries get 429 with Retry-After. Each failure past
 * the limit doubles the lock (LOGIN_LOCK_BASE_MS, 30 s by default), up to 15
 * minutes; locks lift by themselves.
 * Keys hold hashes, not email addresses, so Redis never stores who tried.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly counter: AttemptCounter,
    private readonly config: AppConfig,
  ) {}

  async assertAllowed(email: string, ip: string | undefined): Promise<void> {
    const waits = await Promise.all([this.counter.lockedFor(this.keys(email, ip).accountLock), ip ? this.counter.lockedFor(this.keys(email, ip).ipLock) : 0]);
    const ms = Math.max(...waits);
    if (ms > 0) {
      const seconds = Math.ceil(ms / 1000);
      throw new ProblemException({
        status: 429,
        slug: 'login-locked',
        title: 'Too many failed logins',
        detail: `Too many failed login attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        headers: { 'Retry-After': String(seconds) },
      });
    }
  }

  async recordFailure(email: string, ip: string | undefined): Promise<void> {
    const keys = this.keys(email, ip);
    const accountFailures = await this.counter.hit(keys.account, FAILURE_WINDOW_MS);
    if (accountFailures >= ACCOUNT_FAILURE_LIMIT) await this.counter.lock(keys.accountLock, lockMs(accountFailures - ACCOUNT_FAILURE_LIMIT, this.config.loginLockBaseMs));
    if (ip) {
      const ipFailures = await this.counter.hit(keys.ip, FAILURE_WINDOW_MS);
      if (ipFailures >= IP_FAILURE_LIMIT) await this.counter.lock(keys.ipLock, lockMs(ipFailures - IP_FAILURE_LIMIT, this.config.loginLockBaseMs));
    }
  }

  async recordSuccess(email: string): Promise<void> {
    const keys = this.keys(email, undefined);
    await this.counter.reset(keys.account, keys.accountLock);
  }

  private keys(email: string, ip: string | undefined) {
    const account = digest(email);
    const address = ip ? digest(ip) : '';
    return { account: `login:fail:acct:${account}`, accountLock: `login:lock:acct:${account}`, ip: `login:fail:ip:${address}`, ipLock: `login:lock:ip:${address}` };
  }
}

/** The base (30 s by default) for the failure that reaches the limit, then twice that, four times, … up to 15 minutes. */
export function lockMs(failuresPastLimit: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(failuresPastLimit, 10), MAX_LOCK_MS);
}
