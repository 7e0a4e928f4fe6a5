import {
  type DeepPartial,
  type DeleteResult,
  type EntityManager,
  type FindManyOptions,
  type FindOneOptions,
  type FindOptionsWhere,
  type ObjectLiteral,
  type Repository,
  type SelectQueryBuilder,
} from 'typeorm';
import { ProblemException } from '../errors/problem.exception';
import { RequestContext } from './request-context';

type Where<T> = FindOptionsWhere<T> | FindOptionsWhere<T>[];

/**
 * The one place where tenant-owned data is scoped. Services get this instead
 * of a raw TypeORM repository: every read, write and delete carries
 * `tenant_id = <the caller's tenant>`, taken from the verified token through
 * RequestContext, so no service can forget it. There is no unscoped method.
 */
export class TenantRepository<T extends ObjectLiteral & { id: string; tenantId: string }> {
  constructor(
    private readonly repository: Repository<T>,
    private readonly resourceName: string,
    /** Set for work outside a request (jobs); otherwise the request's tenant. */
    private readonly fixedTenantId?: string,
  ) {}

  /** The same repository bound to an explicit tenant, for background jobs. */
  forTenant(tenantId: string): TenantRepository<T> {
    return new TenantRepository(this.repository, this.resourceName, tenantId);
  }

  /** The same scoping inside a transaction. */
  withManager(manager: EntityManager): TenantRepository<T> {
    return new TenantRepository(manager.getRepository<T>(this.repository.target), this.resourceName, this.fixedTenantId);
  }

  get tenantId(): string {
    return this.fixedTenantId ?? RequestContext.tenantId();
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
    if (!entity) throw new ProblemException({ status: 404, detail: `${this.resourceName} ${id} was not found.` });
    return entity;
  }

  count(where?: Where<T>): Promise<number> {
    return this.repository.count({ where: this.scope(where) });
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

  /** A query builder that already has `alias.tenant_id = :tenantId`; add conditions with andWhere. */
  query(alias: string): SelectQueryBuilder<T> {
    return this.repository.createQueryBuilder(alias).where(`${alias}.tenantId = :scopeTenantId`, { scopeTenantId: this.tenantId });
  }
}
