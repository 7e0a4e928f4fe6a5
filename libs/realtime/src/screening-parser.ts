import { jsonNestingExceeds, RAW_JSON_MAX_DEPTH } from '@quorum/platform';
import * as parser from 'socket.io-parser';

/** Stands in for a payload too deeply nested to parse; the gateway answers it 400 `input-too-complex`. */
export const NESTED_TOO_DEEP: Readonly<object> = Object.freeze({});

/** The size of the frame an event arrived in, set on its argument list, for the per-socket byte budget. */
export const FRAME_BYTES = Symbol('frameBytes');

const EVENT = String(parser.PacketType.EVENT);
/** The event name at the start of an EVENT packet's data: `["transcript.append", …`. */
const LEADING_EVENT_NAME = /^\[\s*"((?:[^"\\]|\\.){0,200})"/;

/**
 * socket.io-parser's decoder, screened: a frame whose JSON nests deeper than
 * RAW_JSON_MAX_DEPTH is not parsed at all (JSON.parse would hold the event
 * loop ~0.1 s for a 781 KB frame of brackets). An event keeps its name and
 * ack, so the client still gets an answer; anything else (a handshake, an
 * ack) is a protocol error, and Socket.IO closes that connection. Every
 * event's arguments carry the frame's size.
 */
class ScreeningDecoder extends parser.Decoder {
  private frameBytes = 0;
  private tooDeep = false;

  constructor(options?: parser.DecoderOptions) {
    super(options);
    // Registered before Socket.IO's own listener, so the packet is marked before Socket.IO dispatches it.
    this.on('decoded', (packet: parser.Packet) => this.mark(packet));
  }

  override add(obj: unknown): void {
    if (typeof obj !== 'string') {
      this.frameBytes = (obj as { byteLength?: number }).byteLength ?? 0;
      super.add(obj);
      return;
    }
    this.frameBytes = obj.length;
    const start = dataStart(obj);
    if (start < 0 || !jsonNestingExceeds(obj, RAW_JSON_MAX_DEPTH + 1, start)) {
      super.add(obj);
      return;
    }
    const name = obj.startsWith(EVENT) ? LEADING_EVENT_NAME.exec(obj.slice(start, start + 512)) : null;
    if (!name) throw new Error(`packet nested more than ${RAW_JSON_MAX_DEPTH} levels deep`);
    this.tooDeep = true;
    try {
      super.add(`${obj.slice(0, start)}["${name[1]}"]`);
    } finally {
      this.tooDeep = false;
    }
  }

  private mark(packet: parser.Packet): void {
    if (!Array.isArray(packet.data)) return;
    Object.defineProperty(packet.data, FRAME_BYTES, { value: this.frameBytes });
    if (this.tooDeep) (packet.data as unknown[]).push(NESTED_TOO_DEEP);
  }
}

/** Where a packet's JSON starts, after its type, attachment count, namespace and ack id; -1 when it has none. */
function dataStart(packet: string): number {
  let i = 1;
  const type = packet.charAt(0);
  if (type === String(parser.PacketType.BINARY_EVENT) || type === String(parser.PacketType.BINARY_ACK)) {
    i = packet.indexOf('-', i) + 1;
    if (i === 0) return -1;
  }
  if (packet.charAt(i) === '/') {
    i = packet.indexOf(',', i) + 1;
    if (i === 0) return -1;
  }
  while (i < packet.length && packet.charCodeAt(i) >= 48 && packet.charCodeAt(i) <= 57) i++;
  return i < packet.length ? i : -1;
}

/** The `parser` option of the Socket.IO server. */
export const screeningParser = { ...parser, Decoder: ScreeningDecoder };
