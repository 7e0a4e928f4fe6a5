/** Published after a session's revocation commits (or its move to another tenant): its sockets must go. */
export const SESSION_REVOKED = 'session.revoked';

export interface SessionRevokedEvent {
  sessionId: string;
}

declare module '@quorum/platform' {
  interface DomainEventMap {
    'session.revoked': SessionRevokedEvent;
  }
}
