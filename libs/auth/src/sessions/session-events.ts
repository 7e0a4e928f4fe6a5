/** Emitted (in-process) after a session's revocation commits. */
export const SESSION_REVOKED = 'session.revoked';

export interface SessionRevokedEvent {
  sessionId: string;
}
