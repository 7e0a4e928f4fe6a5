export * from './auth.module';
export * from './sessions/sessions.service';
export * from './tokens/access-token.service';
export * from './tokens/auth-problem';
export * from './tokens/token-claims';
export * from './sessions/session-events';
