export * from './ai-budget.service';
export * from './ai-usage.service';
export * from './ai-usage-outcome';
export * from './cost';
export * from './token-estimate';
