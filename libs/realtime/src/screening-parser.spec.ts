import type { Packet } from 'socket.io-parser';
import { FRAME_BYTES, NESTED_TOO_DEEP, screeningParser } from './screening-parser';

function decode(frame: string): Packet[] {
  const decoder = new screeningParser.Decoder();
  const packets: Packet[] = [];
  decoder.on('decoded', (packet: Packet) => packets.push(packet));
  decoder.add(frame);
  return packets;
}

const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('the screening Socket.IO parser', () => {
  it('decodes ordinary events as socket.io-parser does, with the frame size on the arguments', () => {
    const frame = '2/realtime,17["meeting.join",{"meetingId":"m-1"}]';
    const [packet] = decode(frame);
    expect(packet).toMatchObject({ type: 2, nsp: '/realtime', id: 17, data: ['meeting.join', { meetingId: 'm-1' }] });
    expect((packet.data as Record<symbol, number>)[FRAME_BYTES]).toBe(frame.length);
  });

  it('keeps the name and ack id of an event nested too deeply, and its payload unparsed', () => {
    const [packet] = decode(`2/realtime,5["transcript.append",{"segments":${deep(100_000)}}]`);
    expect(packet).toMatchObject({ type: 2, nsp: '/realtime', id: 5 });
    expect(packet.data).toEqual(['transcript.append', NESTED_TOO_DEEP]);
    expect(packet.data[1]).toBe(NESTED_TOO_DEEP);
  });

  it('parses nesting up to the raw limit (the screen names the field then)', () => {
    const [packet] = decode(`2["meeting.join",${deep(400)}]`);
    expect(packet.data[1]).not.toBe(NESTED_TOO_DEEP);
  });

  it('refuses a too-deep packet that is not an event (a handshake), which closes the connection', () => {
    expect(() => decode(`0/realtime,{"token":${deep(100_000)}}`)).toThrow(/nested more than/);
  });

  it('is not fooled by brackets inside strings or in the namespace', () => {
    const frame = `2/realtime,["meeting.join",{"note":"${'['.repeat(1000)}"}]`;
    expect(decode(frame)[0].data).toEqual(['meeting.join', { note: '['.repeat(1000) }]);
  });
});
