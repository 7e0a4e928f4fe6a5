import { Injectable, Logger } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Pool, QueryResult } from 'pg';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { bindNamedParameters } from './named-parameters';

/** Work to do once a transaction has committed: publish its events, drop the cache entries it made stale. */
export type AfterCommitHook = () => unknown;

/** The hooks of each open transaction, by the EntityManager the transaction runs on. */
const pending = new WeakMap<EntityManager, AfterCommitHook[]>();
const logger = new Logger('Transactions');

/**
 * Runs the hooks of a committed transaction, in the order they were added, each
 * awaited. The change is committed whatever they do, so a failing hook is logged
 * and neither stops the others nor fails the caller.
 */
async function runHooks(hooks: readonly AfterCommitHook[]): Promise<void> {
  for (const hook of hooks) {
    try {
      await hook();
    } catch (error) {
      logger.error({ err: error }, 'an after-commit hook failed');
    }
  }
}

/**
 * The TypeORM adapter of @nestjs-cls/transactional, plus after-commit hooks: a
 * transaction keeps a list of hooks that run once it has committed, and are
 * dropped if it rolls back. A nested transaction (a savepoint) hands its hooks
 * to the enclosing transaction when it succeeds and drops them when it fails.
 */
export class AfterCommitTypeOrmAdapter extends TransactionalAdapterTypeOrm {
  constructor(options: ConstructorParameters<typeof TransactionalAdapterTypeOrm>[0]) {
    super(options);
    const base = this.optionsFactory;
    this.optionsFactory = (dataSource: DataSource) => {
      const options = base(dataSource);
      return {
        ...options,
        wrapWithTransaction: async (txOptions, fn, setClient) => {
          const hooks: AfterCommitHook[] = [];
          const result: unknown = await options.wrapWithTransaction(txOptions, fn, (client?: EntityManager) => {
            if (client) pending.set(client, hooks);
            setClient(client);
          });
          // Committed. The hooks run outside it: a hook that touches the database gets the
          // DataSource's manager, or a transaction of its own, never the finished one.
          setClient(undefined);
          await runHooks(hooks);
          return result;
        },
        wrapWithNestedTransaction: async (txOptions, fn, setClient, client) => {
          const outer = pending.get(client);
          const hooks: AfterCommitHook[] = [];
          // TypeORM runs a savepoint on the enclosing transaction's manager.
          pending.set(client, hooks);
          try {
            const result: unknown = await options.wrapWithNestedTransaction(txOptions, fn, setClient, client);
            outer?.push(...hooks);
            return result;
          } finally {
            if (outer) pending.set(client, outer);
          }
        },
      };
    };
  }
}

/**
 * How services open transactions and how repositories find the EntityManager to
 * run on. A transaction lives in the async context (nestjs-cls), so every
 * repository call inside `run` joins it without an EntityManager being passed
 * around; outside one, repositories use the DataSource's own manager. This works
 * the same for HTTP requests, Socket.IO handlers and work outside any request.
 */
@Injectable()
export class Transactions {
  constructor(private readonly host: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** The current transaction's EntityManager, or the DataSource's outside a transaction. Repositories only. */
  get manager(): EntityManager {
    return this.host.tx;
  }

  /**
   * Runs SQL with named parameters (`:name`, `:...list`, as a query builder's conditions take them) on the current
   * manager and returns its rows. Repositories only, for statements too hot to build with a query builder per call.
   */
  query<Row>(sql: string, params: Record<string, unknown>): Promise<Row[]> {
    const manager = this.manager;
    const [statement, values] = bindNamedParameters(sql, params) ?? manager.connection.driver.escapeQueryWithParameters(sql, params);
    // In a transaction, on its connection. Outside one, straight on the driver's pool: TypeORM's manager would build
    // a query runner, two broadcasts and a result wrapper around the same pool query, a dozen objects and promises that
    // a hot read holds while it waits for a connection. Failures stay what TypeORM makes of them: a QueryFailedError,
    // logged by its logger (the problem mapper and the logs see no difference).
    if (manager.queryRunner) return manager.query<Row[]>(statement, values);
    return this.onPool<Row>(manager.connection, statement, values);
  }

  private onPool<Row>(dataSource: DataSource, statement: string, values: unknown[]): Promise<Row[]> {
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    // pg's callback form: its promise form wraps the same call in two more promises. The failure is logged from the
    // rejection, in the caller's async context (with its request id); pg calls back in its socket's.
    return new Promise<Row[]>((resolve, reject) =>
      // pg types the error as always present; on success it is null.
      pool.query(statement, values, (error: Error | null, result: QueryResult) => (error ? reject(error) : resolve(result.rows as Row[]))),
    ).catch((error: Error) => {
      dataSource.logger.logQueryError(error, statement, values);
      throw new QueryFailedError(statement, values, error);
    });
  }

  /** Whether the caller runs inside a transaction. */
  get active(): boolean {
    return this.host.isTransactionActive();
  }

  /**
   * Runs `work` in a transaction: the caller's, if it is already in one, else a
   * new one that commits when `work` resolves and rolls back when it throws.
   */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.host.withTransaction(Propagation.Required, work);
  }

  /**
   * Runs `work` in a savepoint of the caller's transaction (or a transaction of its own outside one): when it throws,
   * only its own statements roll back and the caller's transaction goes on, e.g. one bad record of a page.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T> {
    return this.host.withTransaction(Propagation.Nested, work);
  }

  /**
   * Runs `hook` after the surrounding transaction commits, or at once when there
   * is none; never when it rolls back. Domain events and cache invalidations go
   * through here, so nothing announces a change that did not happen. Hooks are
   * awaited before the transaction's `run` returns, in the order they were added;
   * a failing hook is logged and does not fail the caller.
   */
  async afterCommit(hook: AfterCommitHook): Promise<void> {
    if (!this.host.isTransactionActive()) return runHooks([hook]);
    const hooks = pending.get(this.host.tx);
    if (!hooks) throw new Error('afterCommit inside a transaction that Transactions did not open');
    hooks.push(hook);
  }
}
