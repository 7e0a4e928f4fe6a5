import { RealtimeClientEvents } from './realtime-client-events';

class PingDto {
  value: string;
}

describe('RealtimeClientEvents', () => {
  const handle = () => Promise.resolve({});

  it('keeps registered events in order, by name', () => {
    const events = new RealtimeClientEvents();
    events.register('chat.send', PingDto, handle);
    events.register('chat.cancel', PingDto, handle);
    expect(events.names()).toEqual(['chat.send', 'chat.cancel']);
    expect(events.has('chat.send')).toBe(true);
    expect(events.get('chat.cancel')).toMatchObject({ event: 'chat.cancel', payload: PingDto });
    expect(events.has('chat.other')).toBe(false);
  });

  it("refuses a name that is taken, the gateway's own included, or not of the form family.action", () => {
    const events = new RealtimeClientEvents();
    events.register('chat.send', PingDto, handle);
    expect(() => events.register('chat.send', PingDto, handle)).toThrow(/already taken/);
    expect(() => events.register('meeting.join', PingDto, handle)).toThrow(/already taken/);
    for (const name of ['chat', 'Chat.send', 'chat.', '__proto__.x', 'chat send']) {
      expect(() => events.register(name, PingDto, handle)).toThrow(/family\.action/);
    }
  });
});
