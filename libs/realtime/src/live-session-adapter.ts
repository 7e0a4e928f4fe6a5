import type { Principal } from '@quorum/platform';
import { type Adapter, type PrivateSessionId, type Session, SessionAwareAdapter } from 'socket.io-adapter';

/**
 * Socket.IO's in-memory adapter with connection state recovery, refusing to
 * recover a connection whose session has ended since it dropped. Socket.IO
 * replays the missed events as soon as it restores a connection, before any
 * middleware runs, so checking the new handshake's token would come too late.
 */
export function liveSessionAdapter(isLive: (principal: Principal) => boolean | Promise<boolean>): typeof Adapter {
  return class LiveSessionAdapter extends SessionAwareAdapter {
    override async restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
      // Null when there is nothing to recover, whatever the typing says.
      const session = (await super.restoreSession(pid, offset)) as Session | null;
      const principal = (session?.data as { principal?: Principal } | undefined)?.principal;
      if (session && principal && (await isLive(principal))) return session;
      // Socket.IO treats null as "nothing to recover" (the base adapter's own answer, despite its typing) and connects afresh.
      return null as unknown as Session;
    }
  };
}
