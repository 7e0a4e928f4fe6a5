export * from './consumes.decorator';
export * from './content-type.guard';
export * from './public.decorator';
export * from './timeout.interceptor';
export * from './uuid-param.decorator';
export * from './validation.pipe';
export * from './etag';
export * from './etag.interceptor';
