export * from './address-policy';
export * from './outbound-http';
export * from './outbound-refused.error';
export * from './outbound-url';
