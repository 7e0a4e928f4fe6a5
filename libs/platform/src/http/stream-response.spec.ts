import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Response } from 'express';
import { streamResponse } from './stream-response';

/** A real HTTP server whose only route streams what the test's source gives, and records how that ended. */
async function serve(source: () => AsyncGenerator<string>, stallMs = 5000) {
  const outcome: { settled?: Promise<'resolved' | Error> } = {};
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res: ServerResponse) => {
    outcome.settled = streamResponse(res as unknown as Response, source(), stallMs).then(
      () => 'resolved' as const,
      (error: Error) => error,
    );
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  };
  return { url, outcome, close };
}

function open(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, resolve).on('error', reject));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CHUNK = 'x'.repeat(64 * 1024);

describe('streamResponse', () => {
  it('sends every chunk in order, chunked, without a Content-Length', async () => {
    const server = await serve(async function* () {
      for (let i = 0; i < 100; i++) yield `${i},`;
    });
    try {
      const res = await open(server.url);
      let body = '';
      for await (const chunk of res) body += chunk;
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();
      expect(body).toBe(Array.from({ length: 100 }, (_, i) => `${i},`).join(''));
      expect(await server.outcome.settled).toBe('resolved');
    } finally {
      await server.close();
    }
  });

  it('asks for the next chunk only as the client reads, and cuts a client that stops reading, closing the source', async () => {
    let produced = 0;
    let closed = false;
    const server = await serve(async function* () {
      try {
        // 128 MB if nothing held it back.
        for (; produced < 2000; produced++) yield CHUNK;
      } finally {
        closed = true;
      }
    }, 500);
    try {
      const res = await open(server.url);
      res.pause();
      await sleep(300);
      // The socket buffers on both ends hold a few megabytes; everything else waits for the client.
      expect(produced * CHUNK.length).toBeLessThan(24 * 1024 * 1024);
      expect(await server.outcome.settled).toBe('resolved');
      expect(closed).toBe(true);
      expect(produced).toBeLessThan(2000);
      const cut = new Promise<boolean>((resolve) => {
        res.on('error', () => resolve(true));
        res.on('end', () => resolve(false));
        res.resume();
      });
      expect(await cut).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('stops the source when the client goes away', async () => {
    let closed = false;
    let produced = 0;
    const server = await serve(async function* () {
      try {
        for (; produced < 100_000; produced++) {
          yield CHUNK;
          await sleep(1);
        }
      } finally {
        closed = true;
      }
    });
    try {
      const res = await open(server.url);
      await new Promise((resolve) => res.once('data', resolve));
      res.destroy();
      expect(await server.outcome.settled).toBe('resolved');
      expect(closed).toBe(true);
      expect(produced).toBeLessThan(100_000);
    } finally {
      await server.close();
    }
  });

  it('rejects with the source failure and cuts the connection, so the client sees an incomplete response', async () => {
    const server = await serve(async function* () {
      yield 'begin,';
      await sleep(20);
      throw new Error('the database went away');
    });
    try {
      const res = await open(server.url);
      const aborted = new Promise<boolean>((resolve) => {
        res.on('error', () => resolve(true));
        res.on('end', () => resolve(false));
        res.resume();
      });
      expect(await aborted).toBe(true);
      expect(await server.outcome.settled).toEqual(new Error('the database went away'));
    } finally {
      await server.close();
    }
  });
});
