import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';

/**
 * For specs: a TCP server on loopback that accepts connections and never sends a byte, which is
 * what a hung database or Redis looks like to a client. Started before the enclosing describe's
 * tests and closed after them, with every connection it accepted.
 */
export function useSilentServer(): { port(): number } {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  beforeAll((done) => {
    server = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1', done);
  });
  afterAll((done) => {
    sockets.forEach((socket) => socket.destroy());
    if (server) server.close(() => done());
    else done();
  });
  return {
    port() {
      if (!server) throw new Error('the silent server starts in beforeAll: call port() inside a test');
      return (server.address() as AddressInfo).port;
    },
  };
}
