import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { bindNamedParameters } from './named-parameters';

/** TypeORM's own binding, which bindNamedParameters must reproduce or decline. */
function typeorm(sql: string, params: Record<string, unknown>): [string, unknown[]] {
  const driver = Object.create(PostgresDriver.prototype) as PostgresDriver;
  (driver as unknown as { parametersPrefix: string }).parametersPrefix = '$';
  return driver.escapeQueryWithParameters(sql, params);
}

describe('bindNamedParameters', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'SELECT * FROM m WHERE m.tenant_id = :tenantId AND m.status = :status LIMIT :keysetLimit',
      { tenantId: 't', status: 'live', keysetLimit: 21 },
    ],
    ['SELECT :a, :b, :a, :b2', { a: 1, b: [2, 3], b2: null }],
    ["SELECT 'x'::text, :value::int WHERE :missing IS NULL", { value: '5' }],
    ['SELECT :v.w', { 'v.w': 1 }],
    ['SELECT 1', { unused: 1 }],
  ];

  it.each(cases)('binds %s as TypeORM does', (sql, params) => {
    // Twice: compiled on the first call, served from the cache on the second.
    expect(bindNamedParameters(sql, params)).toEqual(typeorm(sql, params));
    expect(bindNamedParameters(sql, { ...params })).toEqual(typeorm(sql, params));
  });

  it('leaves to TypeORM what depends on more than the statement', () => {
    expect(bindNamedParameters('SELECT * FROM m WHERE id IN (:...ids)', { ids: [1, 2] })).toBeUndefined();
    expect(bindNamedParameters('SELECT :raw', { raw: () => 'now()' })).toBeUndefined();
    // Compiled with `b` absent (kept as written); a later call that has it must not reuse that form.
    const sql = 'SELECT :a, :b';
    expect(bindNamedParameters(sql, { a: 1 })).toEqual(typeorm(sql, { a: 1 }));
    expect(bindNamedParameters(sql, { a: 1, b: 2 })).toBeUndefined();
    // And one that lacks a name the statement was compiled with.
    const other = 'SELECT :c, :d';
    expect(bindNamedParameters(other, { c: 1, d: 2 })).toEqual(typeorm(other, { c: 1, d: 2 }));
    expect(bindNamedParameters(other, { c: 1 })).toBeUndefined();
  });
});
