import { Logger } from '@nestjs/common';
import { maxHeaderSize as defaultMaxHeaderSize, type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { problemType } from '../errors/problem';

/**
 * How long a refused connection keeps reading, and discarding, what the
 * client still sends. Closing a socket with unread input makes the kernel
 * send a reset, which can destroy our answer before the client reads it
 * (a client uploading behind oversized headers is still writing when we
 * refuse it). The connection closes sooner when the client ends its side.
 */
const LINGER_MS = 2000;

interface ParserProblem {
  status: number;
  slug: string;
  title: string;
  detail: string;
}

/**
 * Answers what Node's HTTP parser refuses before Express sees a request
 * (slow or oversized headers, bytes that are not HTTP) with a small
 * problem+json instead of Node's bare status line. No request id exists yet,
 * so the problem has none, nor an `instance`.
 */
export function answerClientErrors(server: Server): void {
  const logger = new Logger('Http');
  const answered = new WeakSet<Socket>();
  // Set only when the server was created with the option; otherwise --max-http-header-size (16 KB by default) applies.
  const maxHeaderBytes = (server as Server & { maxHeaderSize?: number }).maxHeaderSize ?? defaultMaxHeaderSize;

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A parser in error keeps reporting each further chunk; the first answer stands, the rest is discarded input.
    if (answered.has(socket)) return;
    answered.add(socket);
    const problem = problemFor(error, server.requestTimeout, maxHeaderBytes);
    const response = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!problem || !socket.writable || response?.headersSent) {
      // A socket error (reset, broken pipe), or a response already on the wire that a problem would corrupt.
      socket.destroy();
      return;
    }
    logger.debug(`${problem.status} from the HTTP parser (${error.code}) for ${socket.remoteAddress ?? 'a client'}`);
    const body = JSON.stringify({ type: problemType(problem.slug), title: problem.title, status: problem.status, detail: problem.detail });
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        `Date: ${new Date().toUTCString()}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
    const linger = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once('end', () => socket.destroy());
    socket.once('close', () => clearTimeout(linger));
  });
}

function problemFor(error: NodeJS.ErrnoException, requestTimeoutMs: number, maxHeaderBytes: number): ParserProblem | undefined {
  const code = error.code ?? '';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      slug: 'slow-request',
      title: 'Request timeout',
      detail: `The request did not arrive completely within ${requestTimeoutMs} ms.`,
    };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      slug: 'headers-too-large',
      title: 'Request header fields too large',
      detail: `The request line and headers are larger than ${maxHeaderBytes} bytes; send fewer or smaller headers (large cookies are the usual cause).`,
    };
  }
  // Every other llhttp error: the bytes are not a request we can read. The code is a fixed name, never client input.
  if (code.startsWith('HPE_')) {
    return { status: 400, slug: 'malformed-request', title: 'Malformed request', detail: `The request is not valid HTTP/1.1 (${code}).` };
  }
  return undefined;
}
