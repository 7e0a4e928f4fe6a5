export * from './analytics.service';
export * from './metrics.module';
