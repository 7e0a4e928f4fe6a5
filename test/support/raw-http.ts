import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface RawClose {
  /** The socket's error code (ECONNRESET for a reset), if it failed rather than ended. */
  error?: string;
  /** True when the server sent FIN: the response could be read to its end. */
  endedByPeer: boolean;
}

/**
 * One TCP connection spoken to byte by byte, for what an HTTP client library
 * hides: when exactly bytes are sent, whether the server ended the connection
 * or reset it, and responses to requests no library would send.
 */
export class RawConnection {
  private buffer = Buffer.alloc(0);
  private wake?: () => void;
  private endedByPeer = false;
  readonly closed: Promise<RawClose>;

  private constructor(readonly socket: Socket) {
    let error: string | undefined;
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on('end', () => (this.endedByPeer = true));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.wake?.();
        resolve({ error, endedByPeer: this.endedByPeer });
      }),
    );
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** The next complete response (its body delimited by Content-Length, or by the connection's end). */
  async response(timeoutMs = 10_000): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = this.parse();
      if (parsed) return parsed;
      if (this.socket.destroyed)
        throw new Error(
          `connection closed before a complete response; got ${JSON.stringify(this.buffer.toString('latin1').slice(0, 300))}`,
        );
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no complete response within ${timeoutMs} ms; got ${JSON.stringify(this.buffer.toString('latin1').slice(0, 300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private parse(): RawResponse | undefined {
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return undefined;
    const [statusLine, ...lines] = this.buffer.subarray(0, headerEnd).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = headers['content-length'] as string | undefined;
    const bodyStart = headerEnd + 4;
    let bodyEnd: number;
    if (length !== undefined) {
      bodyEnd = bodyStart + Number(length);
      if (this.buffer.length < bodyEnd) return undefined;
    } else {
      if (!this.socket.destroyed && !this.endedByPeer) return undefined;
      bodyEnd = this.buffer.length;
    }
    const body = this.buffer.subarray(bodyStart, bodyEnd).toString('utf8');
    this.buffer = this.buffer.subarray(bodyEnd);
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }
}

/** Resolves once nothing accepts connections on the port any more. */
export async function untilRefused(port: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const probe = await RawConnection.open(port);
      probe.socket.destroy();
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`port ${port} still accepts connections after ${timeoutMs} ms`);
}
