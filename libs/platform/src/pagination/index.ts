export * from './cursor';
export * from './keyset';
export * from './page-query';
export * from './keyset-sql';
