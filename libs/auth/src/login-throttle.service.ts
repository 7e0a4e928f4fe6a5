import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, AttemptCounter, AttemptLimit, lockDuration, MetricsRegistry, ProblemException } from '@quorum/platform';

/** Failures before an account locks; the lock then doubles with each further failure. */
export const ACCOUNT_FAILURE_LIMIT = 5;
/** Failures from one address across all accounts (credential stuffing), before the address locks. */
export const IP_FAILURE_LIMIT = 20;
const FAILURE_WINDOW_MS = 15 * 60_000;
const MAX_LOCK_MS = 15 * 60_000;

const digest = (value: string) => createHash('sha256').update(value.toLowerCase()).digest('hex').slice(0, 32);

/** A password guess that was let through; a failed one needs nothing more, it was counted when it began. */
export interface LoginGuess {
  /** The password was right: the account's count starts over, and the address gets its guess back. */
  succeeded(): Promise<void>;
}

/**
 * Brute-force protection for login: after 5 guesses at an account (or 20
 * from one address) that did not succeed, further tries get 429 with
 * Retry-After. Each guess past the limit doubles the lock
 * (LOGIN_LOCK_BASE_MS, 30 s by default), up to 15 minutes; locks lift by
 * themselves. A guess is counted before the password is checked, in one
 * atomic step with the lock check, so however many arrive at once no more
 * than the limit are ever evaluated.
 * Keys hold hashes, not email addresses, so Redis never stores who tried.
 */
@Injectable()
export class LoginThrottle {
  private readonly lockouts;

  constructor(
    private readonly counter: AttemptCounter,
    private readonly config: AppConfig,
    metrics: MetricsRegistry,
  ) {
    this.lockouts = metrics.counter(
      'quorum_login_lockouts_total',
      'Login attempts refused because the account or address is locked (429 login-locked).',
    );
  }

  async begin(email: string, ip: string | undefined): Promise<LoginGuess> {
    const limits = this.limits(email, ip);
    const verdict = await this.counter.take(limits);
    if (!verdict.allowed) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      this.lockouts.inc();
      throw new ProblemException({
        status: 429,
        slug: 'login-locked',
        title: 'Too many failed logins',
        detail: `Too many failed login attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        headers: { 'Retry-After': String(seconds) },
      });
    }
    const [account] = limits;
    const address = limits.at(1);
    return {
      succeeded: async () => {
        await this.counter.reset(account.counterKey, account.lockKey);
        if (address) await this.counter.refund(address, verdict.counts[1]);
      },
    };
  }

  private limits(email: string, ip: string | undefined): AttemptLimit[] {
    const lock = { windowMs: FAILURE_WINDOW_MS, lockBaseMs: this.config.loginLockBaseMs, lockMaxMs: MAX_LOCK_MS };
    const account = digest(email);
    const limits: AttemptLimit[] = [
      { counterKey: `login:fail:acct:${account}`, lockKey: `login:lock:acct:${account}`, limit: ACCOUNT_FAILURE_LIMIT, ...lock },
    ];
    if (ip) {
      const address = digest(ip);
      limits.push({ counterKey: `login:fail:ip:${address}`, lockKey: `login:lock:ip:${address}`, limit: IP_FAILURE_LIMIT, ...lock });
    }
    return limits;
  }
}

/** The base (30 s by default) for the guess that reaches the limit, then twice that, four times, … up to 15 minutes. */
export function lockMs(guessesPastLimit: number, baseMs: number): number {
  return lockDuration({ limit: 0, lockBaseMs: baseMs, lockMaxMs: MAX_LOCK_MS }, guessesPastLimit);
}
