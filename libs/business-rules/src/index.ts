export * from './business-rules.module';
export * from './business-rules-http.module';
