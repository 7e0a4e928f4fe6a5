import type { EntityManager } from 'typeorm';
import { type AfterCommitHook, Transactions } from './transactions';

/**
 * Transactions for unit tests of services against fake repositories: `run`
 * commits when its work resolves (then runs the after-commit hooks, in order)
 * and rolls back when it throws (the hooks are dropped), joining an enclosing
 * run as the real one does. `commits` and `rollbacks` count what happened.
 */
export class FakeTransactions extends Transactions {
  commits = 0;
  rollbacks = 0;
  private hooks: AfterCommitHook[] | undefined;

  constructor() {
    super(undefined as never);
  }

  override get manager(): EntityManager {
    throw new Error('FakeTransactions has no EntityManager: fake the repositories instead');
  }

  override get active(): boolean {
    return this.hooks !== undefined;
  }

  override async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.hooks) return work();
    const hooks: AfterCommitHook[] = (this.hooks = []);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      this.rollbacks++;
      throw error;
    } finally {
      this.hooks = undefined;
    }
    this.commits++;
    for (const hook of hooks) await hook();
    return result;
  }

  override async afterCommit(hook: AfterCommitHook): Promise<void> {
    if (this.hooks) this.hooks.push(hook);
    else await hook();
  }
}
