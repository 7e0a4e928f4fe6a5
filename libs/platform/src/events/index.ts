export * from './domain-event';
export * from './domain-events';
export * from './on-domain-event.decorator';
