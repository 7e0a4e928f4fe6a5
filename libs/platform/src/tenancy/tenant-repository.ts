import { type DynamicModule, Inject, Module, type Provider } from '@nestjs/common';
import {
  type DataSource,
  type DeepPartial,
  type DeleteResult,
  type EntityManager,
  type FindManyOptions,
  type FindOneOptions,
  type FindOptionsWhere,
  type ObjectLiteral,
  type QueryRunner,
  type Repository,
  SelectQueryBuilder,
} from 'typeorm';
import { Transactions } from '../database/transactions';
import { type ProblemException } from '../errors/problem.exception';
import { notFound } from '../errors/problems';
import { RequestContext } from './request-context';

type Where<T> = FindOptionsWhere<T> | FindOptionsWhere<T>[];
type WhereClause = SelectQueryBuilder<ObjectLiteral>['expressionMap']['wheres'][number];

/** A row that belongs to a tenant. */
export type TenantScoped = ObjectLiteral & { id: string; tenantId: string };

/** Where a repository finds the EntityManager to run on: the current transaction's, or the DataSource's (Transactions). */
export interface EntityManagerSource {
  readonly manager: EntityManager;
}

/** The parameter that carries the tenant; its value is forced at render time, so a caller's setParameter cannot change it. */
const TENANT_PARAMETER = '__tenant_scope';

/**
 * A SelectQueryBuilder whose tenant condition cannot be dropped or widened.
 * The condition is not one of the builder's WHERE clauses: it is added when
 * the SQL is rendered, as `tenant AND (whatever the caller built)`, so a
 * later `where()` (which replaces clauses), `orWhere()` or `Brackets` only
 * ever narrows within the tenant. Clones (count queries, TypeORM's pagination
 * queries) keep it; subqueries (`subQuery()`) are plain builders, inside the
 * scoped outer query. It only selects: turning it into an UPDATE or DELETE
 * would drop the scope, so those throw.
 */
export class TenantScopedQueryBuilder<T extends ObjectLiteral> extends SelectQueryBuilder<T> {
  private tenantScope?: { alias: string; tenantId: string };

  constructor(source: DataSource | SelectQueryBuilder<T>, queryRunner?: QueryRunner) {
    super(source as DataSource, queryRunner);
    if (source instanceof TenantScopedQueryBuilder) this.tenantScope = (source as TenantScopedQueryBuilder<T>).tenantScope;
  }

  /** Scopes a builder of `alias` to a tenant. */
  static scope<T extends ObjectLiteral>(builder: SelectQueryBuilder<T>, alias: string, tenantId: string): TenantScopedQueryBuilder<T> {
    const scoped = new TenantScopedQueryBuilder<T>(builder);
    scoped.tenantScope = { alias, tenantId };
    return scoped;
  }

  protected override createWhereExpression(): string {
    if (!this.tenantScope) return super.createWhereExpression();
    const callers = this.expressionMap.wheres;
    const tenant: WhereClause = { type: 'simple', condition: `${this.tenantScope.alias}.tenantId = :${TENANT_PARAMETER}` };
    // `brackets` always parenthesises, so even a single `a OR b` string stays inside the tenant.
    this.expressionMap.wheres = callers.length
      ? [tenant, { type: 'and', condition: { operator: 'brackets', condition: callers } }]
      : [tenant];
    try {
      return super.createWhereExpression();
    } finally {
      this.expressionMap.wheres = callers;
    }
  }

  override getParameters(): ObjectLiteral {
    const parameters = super.getParameters();
    return this.tenantScope ? { ...parameters, [TENANT_PARAMETER]: this.tenantScope.tenantId } : parameters;
  }

  override insert(): never {
    return this.refuse('insert');
  }

  override update(..._args: unknown[]): never {
    return this.refuse('update');
  }

  override delete(): never {
    return this.refuse('delete');
  }

  override softDelete(): never {
    return this.refuse('softDelete');
  }

  override restore(): never {
    return this.refuse('restore');
  }

  override relation(..._args: unknown[]): never {
    return this.refuse('relation');
  }

  private refuse(method: string): never {
    throw new Error(
      `a tenant-scoped query builder only selects; ${method}() would drop the tenant condition (use the repository's methods)`,
    );
  }
}

/**
 * The one place where tenant-owned data is scoped. Library repositories get
 * this (injected, see TenantRepositoryModule) instead of a raw TypeORM
 * repository: every read, write and delete carries `tenant_id = <the caller's
 * tenant>`, taken from the verified token through RequestContext, so nothing
 * can forget it. There is no unscoped method. Each call runs on the current
 * transaction's EntityManager when there is one, so it joins that transaction.
 */
export class TenantRepository<T extends TenantScoped> {
  constructor(
    private readonly target: new () => T,
    private readonly resourceName: string,
    private readonly managers: EntityManagerSource,
    /** Set for work outside a request (jobs); otherwise the request's tenant. */
    private readonly fixedTenantId?: string,
  ) {}

  /** The same repository bound to an explicit tenant, for work outside requests (jobs, login before a tenant context exists). */
  forTenant(tenantId: string): TenantRepository<T> {
    return new TenantRepository(this.target, this.resourceName, this.managers, tenantId);
  }

  get tenantId(): string {
    return this.fixedTenantId ?? RequestContext.tenantId();
  }

  private get repository(): Repository<T> {
    return this.managers.manager.getRepository<T>(this.target);
  }

  private scope(where?: Where<T>): Where<T> {
    const tenant = { tenantId: this.tenantId } as FindOptionsWhere<T>;
    if (!where) return tenant;
    return Array.isArray(where) ? where.map((w) => ({ ...w, ...tenant })) : { ...where, ...tenant };
  }

  find(options: FindManyOptions<T> = {}): Promise<T[]> {
    return this.repository.find({ ...options, where: this.scope(options.where as Where<T>) });
  }

  findOne(options: FindOneOptions<T>): Promise<T | null> {
    return this.repository.findOne({ ...options, where: this.scope(options.where as Where<T>) });
  }

  findById(id: string): Promise<T | null> {
    return this.findOne({ where: { id } as FindOptionsWhere<T> });
  }

  /** 404 for a missing id and for another tenant's id alike, so existence never leaks across tenants. */
  async getById(id: string): Promise<T> {
    const entity = await this.findById(id);
    if (!entity) throw this.missing(id);
    return entity;
  }

  /** The row locked FOR UPDATE until the surrounding transaction ends; 404 as getById. */
  async getForUpdate(id: string): Promise<T> {
    const entity = await this.findOne({ where: { id } as FindOptionsWhere<T>, lock: { mode: 'pessimistic_write' } });
    if (!entity) throw this.missing(id);
    return entity;
  }

  count(where?: Where<T>): Promise<number> {
    return this.repository.count({ where: this.scope(where) });
  }

  exists(where?: Where<T>): Promise<boolean> {
    return this.repository.exists({ where: this.scope(where) });
  }

  create(data: DeepPartial<T>): T {
    return this.repository.create({ ...data, tenantId: this.tenantId } as DeepPartial<T>);
  }

  /** Inserts or, on a conflict of `conflictPaths`, updates; every row gets the caller's tenant. */
  async upsert(rows: DeepPartial<T>[], conflictPaths: (keyof T & string)[]): Promise<void> {
    if (!rows.length) return;
    await this.repository.upsert(rows.map((row) => ({ ...row, tenantId: this.tenantId })) as never, {
      conflictPaths,
      skipUpdateIfNoValuesChanged: false,
    });
  }

  async save(entity: T): Promise<T> {
    if (entity.tenantId !== this.tenantId) throw new Error(`refusing to save a ${this.resourceName} of another tenant`);
    return this.repository.save(entity);
  }

  async remove(entity: T): Promise<void> {
    if (entity.tenantId !== this.tenantId) throw new Error(`refusing to delete a ${this.resourceName} of another tenant`);
    await this.repository.delete({ id: entity.id, tenantId: entity.tenantId } as FindOptionsWhere<T>);
  }

  delete(where: FindOptionsWhere<T>): Promise<DeleteResult> {
    return this.repository.delete(this.scope(where) as FindOptionsWhere<T>);
  }

  /**
   * A query builder scoped to the tenant whatever is chained on it: `where`,
   * `orWhere` and `Brackets` narrow within `alias.tenant_id = <tenant>`, never
   * past it (see TenantScopedQueryBuilder).
   */
  query(alias: string): SelectQueryBuilder<T> {
    return TenantScopedQueryBuilder.scope(this.repository.createQueryBuilder(alias), alias, this.tenantId);
  }

  private missing(id: string): ProblemException {
    return notFound(`${this.resourceName} ${id} was not found.`);
  }
}

const tokens = new WeakMap<object, symbol>();

/** The injection token of an entity's TenantRepository. */
export function getTenantRepositoryToken(entity: new () => TenantScoped): symbol {
  let token = tokens.get(entity);
  if (!token) tokens.set(entity, (token = Symbol(`TenantRepository<${entity.name}>`)));
  return token;
}

/** Injects the TenantRepository of `entity`, provided by TenantRepositoryModule.forFeature. */
export const InjectTenantRepository = (entity: new () => TenantScoped): ParameterDecorator & PropertyDecorator =>
  Inject(getTenantRepositoryToken(entity));

export interface TenantRepositoryDefinition {
  entity: new () => TenantScoped;
  /** How a 404 names a missing row: "Meeting 3f… was not found." */
  resourceName: string;
}

/** One provider of a tenant-scoped repository, running on the current transaction (Transactions). */
export function provideTenantRepository({ entity, resourceName }: TenantRepositoryDefinition): Provider {
  return {
    provide: getTenantRepositoryToken(entity),
    inject: [Transactions],
    useFactory: (transactions: Transactions) => new TenantRepository(entity, resourceName, transactions),
  };
}

/**
 * Tenant-scoped repositories as injectable providers, one per entity, like
 * TypeOrmModule.forFeature: a library imports
 * `TenantRepositoryModule.forFeature([{ entity: Meeting, resourceName: 'Meeting' }])`
 * and its repositories take `@InjectTenantRepository(Meeting)`.
 */
@Module({})
export class TenantRepositoryModule {
  static forFeature(definitions: TenantRepositoryDefinition[]): DynamicModule {
    const providers = definitions.map(provideTenantRepository);
    return {
      module: TenantRepositoryModule,
      providers,
      exports: definitions.map((d) => getTenantRepositoryToken(d.entity)),
    };
  }
}
