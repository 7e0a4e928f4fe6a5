export * from './request-context';
export * from './tenant-owned.entity';
export * from './tenant-repository';
export * from './roles.decorator';
