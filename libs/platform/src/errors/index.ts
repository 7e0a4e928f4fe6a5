export * from './problem';
export * from './problem.exception';
export * from './problem-details.filter';
export * from './database-error.mapper';
export * from './to-problem';
export * from './problems';
