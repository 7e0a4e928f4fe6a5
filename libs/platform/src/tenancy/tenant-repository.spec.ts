import { Brackets, Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SnakeNamingStrategy } from '../database/snake-naming.strategy';
import { RequestContext } from './request-context';
import { TenantRepository, TenantScopedQueryBuilder } from './tenant-repository';

@Entity('things')
class Thing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  tenantId: string;

  @Column('varchar')
  name: string;
}

const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const principal = { userId: OTHER, tenantId: TENANT, role: 'member' as const, sessionId: OTHER };

/** SQL only: the DataSource never connects, its metadata is built so query builders can render. */
describe('TenantRepository.query: the tenant condition cannot be dropped', () => {
  let dataSource: DataSource;
  let things: TenantRepository<Thing>;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', entities: [Thing], namingStrategy: new SnakeNamingStrategy() });
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    things = new TenantRepository(Thing, 'Thing', { manager: dataSource.manager });
  });

  const render = (build: (qb: ReturnType<TenantRepository<Thing>['query']>) => unknown) =>
    RequestContext.run(principal, () => {
      const qb = things.query('t');
      build(qb);
      const [sql, parameters] = qb.getQueryAndParameters();
      return { where: sql.slice(sql.indexOf(' WHERE ')), parameters };
    });

  it('holds the tenant alone when the caller adds nothing', () => {
    const { where, parameters } = render(() => undefined);
    expect(where).toBe(' WHERE "t"."tenant_id" = $1');
    expect(parameters).toEqual([TENANT]);
  });

  it('puts orWhere inside the tenant: tenant AND (caller OR 1=1)', () => {
    const { where, parameters } = render((qb) => qb.andWhere('t.name = :name', { name: 'a' }).orWhere('1=1'));
    expect(where).toBe(' WHERE "t"."tenant_id" = $1 AND ("t"."name" = $2 OR 1=1)');
    expect(parameters).toEqual([TENANT, 'a']);
  });

  it('keeps the tenant when where() replaces the conditions, even with a bare OR in one string', () => {
    const { where } = render((qb) => qb.where('t.name = :name OR 1=1', { name: 'a' }));
    expect(where).toBe(' WHERE "t"."tenant_id" = $1 AND ("t"."name" = $2 OR 1=1)');
  });

  it('keeps the tenant around Brackets', () => {
    const { where } = render((qb) =>
      qb.where(new Brackets((inner) => inner.where('t.name = :a', { a: 'a' }).orWhere('t.name = :b', { b: 'b' }))).orWhere('1=1'),
    );
    expect(where).toBe(' WHERE "t"."tenant_id" = $1 AND (("t"."name" = $2 OR "t"."name" = $3) OR 1=1)');
  });

  it('ignores a parameter that tries to name another tenant', () => {
    const { parameters } = render((qb) => qb.setParameter('__tenant_scope', OTHER).setParameters({ __tenant_scope: OTHER }));
    expect(parameters).toEqual([TENANT]);
  });

  it('keeps the tenant in clones (count queries are built from one)', () => {
    const sql = RequestContext.run(principal, () => things.query('t').orWhere('1=1').clone().getQuery());
    expect(sql).toContain('WHERE "t"."tenant_id" = :__tenant_scope AND (1=1)');
  });

  it('refuses to become an UPDATE or DELETE, which would drop the condition', () => {
    RequestContext.run(principal, () => {
      const qb = things.query('t');
      expect(() => qb.update()).toThrow(/only selects/);
      expect(() => qb.delete()).toThrow(/only selects/);
      expect(() => qb.insert()).toThrow(/only selects/);
      expect(() => qb.softDelete()).toThrow(/only selects/);
    });
  });

  it('is scoped to the tenant forTenant names, outside any request', () => {
    const qb = things.forTenant(OTHER).query('t').orWhere('1=1');
    expect(qb).toBeInstanceOf(TenantScopedQueryBuilder);
    expect(qb.getQueryAndParameters()[1]).toEqual([OTHER]);
  });

  it('refuses to run without a tenant outside a request', () => {
    expect(() => things.query('t')).toThrow(/No tenant in the request context/);
  });
});
