export * from './data-source-options';
export * from './database.module';
export * from './embedded-postgres';
export * from './migration-runner';
export * from './migration-status';
export * from './resolve-database';
export * from './snake-naming.strategy';
