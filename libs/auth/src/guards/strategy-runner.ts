import type { Request } from 'express';
import type { Strategy } from 'passport-strategy';

/** What a passport strategy decided about one request, as passport's authenticate callback receives it. */
export interface StrategyOutcome {
  error?: unknown;
  /** The authenticated user; false when the strategy failed or passed, absent with an error. */
  user?: unknown;
  /** The strategy's reason: the challenge of a failure (passport-jwt gives the verification error), or the info of a success. */
  info?: unknown;
}

interface Attempt {
  settle(outcome: StrategyOutcome): void;
}

/**
 * Runs one passport strategy on a request and answers with its decision, through
 * the actions every strategy reports to (success, fail, error, redirect, pass:
 * the Strategy contract of passport-strategy), as passport.authenticate does with
 * one strategy and a callback. passport builds a middleware and a dozen closures
 * per call for that; here the actions live on one object made once per strategy,
 * and a request costs an Object.create. A strategy that decides before
 * authenticate() returns (passport-jwt with a cached session) is answered
 * synchronously, one that decides later with a promise; the first decision
 * counts, as with passport. Never throws or rejects: a strategy that throws or
 * redirects settles with an error.
 */
export function strategyRunner(strategy: Strategy): (req: Request) => StrategyOutcome | Promise<StrategyOutcome> {
  const actions: Pick<Strategy, 'success' | 'fail' | 'error' | 'redirect' | 'pass'> & ThisType<Attempt> = {
    success(user: unknown, info?: unknown) {
      this.settle({ user, info });
    },
    fail(challenge: unknown) {
      // fail(status) without a challenge is allowed too: then there is no reason to report.
      this.settle({ user: false, info: typeof challenge === 'number' ? undefined : challenge });
    },
    error(error: unknown) {
      this.settle({ error });
    },
    redirect(url: string) {
      this.settle({
        error: new Error(
          `the ${(strategy as { name?: string }).name ?? 'passport'} strategy redirected to ${url}; an API request cannot follow`,
        ),
      });
    },
    pass() {
      // Neither success nor failure: nobody is authenticated.
      this.settle({ user: false });
    },
  };
  const prototype = Object.assign(Object.create(strategy) as Strategy, actions);
  return (req) => {
    const attempt = Object.create(prototype) as Strategy & Attempt;
    let decided: StrategyOutcome | undefined;
    let later: ((outcome: StrategyOutcome) => void) | undefined;
    attempt.settle = (outcome) => {
      if (decided) return;
      decided = outcome;
      later?.(outcome);
    };
    try {
      attempt.authenticate(req, {});
    } catch (error) {
      attempt.settle({ error });
    }
    return decided ?? new Promise<StrategyOutcome>((settle) => (later = settle));
  };
}
