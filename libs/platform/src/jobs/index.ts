export { UnrecoverableError } from 'bullmq';
export * from './job-backend';
export * from './job-processor';
export * from './job-queue';
export * from './job-status.dto';
export * from './job-status.module';
export * from './jobs.module';
export * from './queue-definition';
export * from './retry-later.error';
