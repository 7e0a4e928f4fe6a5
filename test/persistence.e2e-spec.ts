import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  domainEvent,
  DomainEvents,
  getTenantRepositoryToken,
  mapDatabaseError,
  type Principal,
  RequestContext,
  type TenantRepository,
  Transactions,
} from '@quorum/platform';
import { Client } from 'pg';
import request from 'supertest';
import { Brackets, DataSource, QueryFailedError } from 'typeorm';
import { Meeting } from '../libs/meetings/src/entities/meeting.entity';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { startTestApp, type TestApp } from './support/test-app';

// An event of this spec's own, to publish inside its transactions.
declare module '@quorum/platform' {
  interface DomainEventMap {
    'persistence.spec': Record<string, never>;
  }
}

const principalOf = (token: TokenResponse): Principal => ({
  userId: token.user.id,
  tenantId: token.tenant.id,
  role: 'owner',
  sessionId: '00000000-0000-4000-8000-000000000000',
});

describe('persistence against PostgreSQL', () => {
  let t: TestApp;
  let db: Client;
  let a: TokenResponse;
  let b: TokenResponse;
  const ids: Record<'a' | 'b', string[]> = { a: [], b: [] };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.database.url });
    await db.connect();
    [a, b] = [await register(t), await register(t)];
    for (const [owner, key, titles] of [
      [a, 'a', ['A one', 'A two']],
      [b, 'b', ['B one']],
    ] as const) {
      for (const title of titles) {
        const res = await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title }).expect(201);
        ids[key].push((res.body as { id: string }).id);
      }
    }
  });

  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('a tenant-scoped query builder', () => {
    const meetings = () => t.app.get<TenantRepository<Meeting>>(getTenantRepositoryToken(Meeting));
    const asA = <T>(work: () => Promise<T>) => RequestContext.run(principalOf(a), work);
    const sorted = (rows: Meeting[]) => rows.map((m) => m.id).sort();

    it('returns only the caller tenant’s rows however the caller widens the WHERE', async () => {
      const own = [...ids.a].sort();
      expect(sorted(await asA(() => meetings().query('m').orWhere('1=1').getMany()))).toEqual(own);
      expect(sorted(await asA(() => meetings().query('m').where('1=1 OR 1=1').getMany()))).toEqual(own);
      expect(
        sorted(
          await asA(() =>
            meetings()
              .query('m')
              .where(new Brackets((qb) => qb.where('m.title = :x', { x: 'B one' }).orWhere('true')))
              .getMany(),
          ),
        ),
      ).toEqual(own);
      expect(await asA(() => meetings().query('m').orWhere('1=1').getCount())).toBe(2);
    });

    it('cannot be pointed at another tenant by a condition or a parameter', async () => {
      const other = b.tenant.id;
      expect(await asA(() => meetings().query('m').where('m.tenantId = :other', { other }).getMany())).toEqual([]);
      expect(await asA(() => meetings().query('m').setParameter('__tenant_scope', other).getMany())).toHaveLength(2);
      expect(await asA(() => meetings().query('m').andWhere('m.id = :id', { id: ids.b[0] }).orWhere('1=1').getMany())).toHaveLength(2);
    });

    it('is scoped to an explicit tenant outside any request (forTenant)', async () => {
      expect(sorted(await meetings().forTenant(b.tenant.id).query('m').orWhere('1=1').getMany())).toEqual(ids.b);
    });
  });

  describe('transactions in the async context', () => {
    const transactions = () => t.app.get(Transactions);
    const tenantNamed = async (name: string) => (await db.query('SELECT id FROM tenants WHERE name = $1', [name])).rowCount;
    let counter = 0;
    const name = () => `persistence-spec-${process.pid}-${++counter}`;
    const insertTenant = (tenantName: string) => transactions().manager.query('INSERT INTO tenants (name) VALUES ($1)', [tenantName]);

    it('run on the app’s own DataSource', async () => {
      const dataSource = t.app.get(DataSource);
      expect(transactions().manager).toBe(dataSource.manager);
      expect(transactions().active).toBe(false);
      await transactions().run(async () => {
        expect(transactions().active).toBe(true);
        expect(transactions().manager).not.toBe(dataSource.manager);
        expect(transactions().manager.connection).toBe(dataSource);
        expect(transactions().manager.queryRunner?.isTransactionActive).toBe(true);
      });
    });

    it('runs query() with named parameters on the pool outside a transaction and on its connection inside one', async () => {
      const tenantName = name();
      const sql = 'SELECT name, :n::int AS n, name = ANY(:listed::text[]) AS listed FROM tenants WHERE name IN (:...names)';
      await insertTenant(tenantName);
      expect(await transactions().query(sql, { n: 7, listed: [tenantName], names: [tenantName, 'nobody'] })).toEqual([
        { name: tenantName, n: 7, listed: true },
      ]);
      const uncommitted = name();
      await expect(
        transactions().run(async () => {
          await insertTenant(uncommitted);
          // Only the transaction's own connection sees its uncommitted row.
          expect(await transactions().query('SELECT count(*)::int AS c FROM tenants WHERE name = :name', { name: uncommitted })).toEqual([
            { c: 1 },
          ]);
          expect(await tenantNamed(uncommitted)).toBe(0);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await transactions().query('SELECT count(*)::int AS c FROM tenants WHERE name = :name', { name: uncommitted })).toEqual([
        { c: 0 },
      ]);
    });

    it('fails query() as TypeORM does, so database errors map to the same problems', async () => {
      const failure = await transactions()
        .query('SELECT :id::uuid AS id', { id: 'not-a-uuid' })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(QueryFailedError);
      expect((failure as QueryFailedError & { driverError: { code?: string } }).driverError.code).toBe('22P02');
      expect(mapDatabaseError(failure)?.getStatus()).toBe(400);
    });

    it('runs after-commit hooks once the commit is visible to other connections, before run() returns', async () => {
      const tenantName = name();
      const seen: (number | null)[] = [];
      await transactions().run(async () => {
        await insertTenant(tenantName);
        await transactions().afterCommit(async () => void seen.push(await tenantNamed(tenantName)));
        expect(seen).toEqual([]);
      });
      expect(seen).toEqual([1]);
    });

    it('never runs them for a transaction that rolls back', async () => {
      const tenantName = name();
      const hook = jest.fn();
      await expect(
        transactions().run(async () => {
          await insertTenant(tenantName);
          await transactions().afterCommit(hook);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(hook).not.toHaveBeenCalled();
      expect(await tenantNamed(tenantName)).toBe(0);
    });

    it('runs them at once outside a transaction', async () => {
      const hook = jest.fn();
      await transactions().afterCommit(hook);
      expect(hook).toHaveBeenCalledTimes(1);
    });

    it('joins an inner run to the outer transaction: its hooks wait for the outer commit, its rollback undoes both', async () => {
      const hook = jest.fn();
      const [outer, inner] = [name(), name()];
      await expect(
        transactions().run(async () => {
          await insertTenant(outer);
          await transactions().run(async () => {
            await insertTenant(inner);
            await transactions().afterCommit(hook);
          });
          expect(hook).not.toHaveBeenCalled();
          throw new Error('outer fails');
        }),
      ).rejects.toThrow('outer fails');
      expect(hook).not.toHaveBeenCalled();
      expect([await tenantNamed(outer), await tenantNamed(inner)]).toEqual([0, 0]);
    });

    it('isolates a failing hook: the caller succeeds and later hooks still run', async () => {
      const later = jest.fn();
      await expect(
        transactions().run(async () => {
          await transactions().afterCommit(() => {
            throw new Error('listener broke');
          });
          await transactions().afterCommit(later);
          return 'committed';
        }),
      ).resolves.toBe('committed');
      expect(later).toHaveBeenCalledTimes(1);
    });

    it('lets a hook use the database outside the finished transaction', async () => {
      const tenantName = name();
      await transactions().run(async () => {
        await transactions().afterCommit(async () => {
          expect(transactions().active).toBe(false);
          await insertTenant(tenantName);
        });
      });
      expect(await tenantNamed(tenantName)).toBe(1);
    });

    it('works the same inside a request context (as Socket.IO handlers run) as outside any', async () => {
      const tenantName = name();
      await RequestContext.run(principalOf(a), () => transactions().run(() => insertTenant(tenantName)));
      expect(await tenantNamed(tenantName)).toBe(1);
    });

    it('publishes domain events after commit, and not at all after a rollback', async () => {
      const received: string[] = [];
      const listener = (event: { entityId: string }) => void received.push(event.entityId);
      t.app.get(EventEmitter2).on('persistence.spec', listener);
      const publish = (entityId: string) =>
        t.app
          .get(DomainEvents)
          .publish(domainEvent({ type: 'persistence.spec', tenantId: a.tenant.id, entityId, version: 1, actorUserId: null, data: {} }));
      try {
        await transactions().run(async () => {
          await publish('committed');
          expect(received).toEqual([]);
        });
        await transactions()
          .run(async () => {
            await publish('rolled-back');
            throw new Error('no');
          })
          .catch(() => undefined);
        expect(received).toEqual(['committed']);
      } finally {
        t.app.get(EventEmitter2).off('persistence.spec', listener);
      }
    });
  });
});
