import { randomUUID } from 'node:crypto';
import type { Principal } from '@quorum/platform';
import { liveSessionAdapter } from './live-session-adapter';

describe('liveSessionAdapter', () => {
  const namespace = {
    name: '/realtime',
    sockets: new Map(),
    server: { encoder: { encode: (packet: unknown) => [packet] }, opts: { connectionStateRecovery: { maxDisconnectionDuration: 60_000 } } },
  };
  const principal = { userId: randomUUID(), tenantId: randomUUID(), role: 'member', sessionId: randomUUID() };

  /** A session dropped after the first of two events, so the second is what it missed. */
  function droppedSession(isLive: (p: Principal) => Promise<boolean>, data: unknown = { principal }) {
    const Adapter = liveSessionAdapter(isLive);
    const adapter = new Adapter(namespace as never);
    const emit = (event: string) => {
      const packet = { type: 2, nsp: '/realtime', data: [event, {}] };
      adapter.broadcast(packet as never, { rooms: new Set(['tenant:t']), except: new Set() });
      return packet.data[packet.data.length - 1] as string;
    };
    const seen = emit('meeting.created');
    emit('meeting.updated');
    adapter.persistSession({ sid: 'sid-1', pid: 'pid-1', rooms: ['tenant:t'], data } as never);
    return { adapter, seen };
  }

  it('recovers a live session with the events it missed', async () => {
    const isLive = jest.fn().mockResolvedValue(true);
    const { adapter, seen } = droppedSession(isLive);
    const session = await adapter.restoreSession('pid-1', seen);
    expect(session).toMatchObject({ sid: 'sid-1', rooms: ['tenant:t'] });
    expect(session.missedPackets.map((p: unknown[]) => p[0])).toEqual(['meeting.updated']);
    expect(isLive).toHaveBeenCalledWith(principal);
  });

  it('recovers nothing, not even the missed events, once the session has ended', async () => {
    const { adapter, seen } = droppedSession(async () => false);
    expect(await adapter.restoreSession('pid-1', seen)).toBeNull();
  });

  it('recovers nothing of a connection that never had a principal', async () => {
    const isLive = jest.fn().mockResolvedValue(true);
    const { adapter, seen } = droppedSession(isLive, {});
    expect(await adapter.restoreSession('pid-1', seen)).toBeNull();
    expect(isLive).not.toHaveBeenCalled();
  });

  it('recovers nothing for an unknown session', async () => {
    const { adapter, seen } = droppedSession(async () => true);
    expect(await adapter.restoreSession('pid-unknown', seen)).toBeNull();
  });
});
