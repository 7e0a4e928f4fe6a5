export * from './request-context';
export * from './tenant-owned.entity';
export * from './tenant-repository';
export * from './current-principal.decorator';
export * from './roles.decorator';
