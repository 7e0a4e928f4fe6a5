import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppConfig } from '../config';
import { OutboundHttp } from './outbound-http';
import { OutboundRefusedError } from './outbound-refused.error';

/** The real policy, except that this test's own server on 127.0.0.1 may be called. */
class OwnServerAllowed extends OutboundHttp {
  protected override refusedKind(address: string) {
    return address === '127.0.0.1' ? null : super.refusedKind(address);
  }
}

const outbound = (allowPrivate: boolean) =>
  new OutboundHttp(AppConfig.fromEnv({ NODE_ENV: 'test', OUTBOUND_ALLOW_PRIVATE_NETWORKS: String(allowPrivate) }));

describe('OutboundHttp', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.host}`);
      if (req.url === '/hop') return res.writeHead(302, { location: '/end' }).end();
      if (req.url === '/to-metadata') return res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/endless') {
        res.writeHead(200);
        const timer = setInterval(() => res.write('x'.repeat(1024)), 5).unref();
        return void res.on('close', () => clearInterval(timer));
      }
      if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000).unref();
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${req.method} ${body}`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a loopback URL without OUTBOUND_ALLOW_PRIVATE_NETWORKS, before connecting', async () => {
    seen.length = 0;
    await expect(outbound(false).request(`${base}/x`, { timeoutMs: 1000 })).rejects.toThrow(OutboundRefusedError);
    await expect(outbound(false).request(`${base}/x`, { timeoutMs: 1000 })).rejects.toThrow(/loopback address/);
    expect(seen).toEqual([]);
  });

  it('refuses a name that resolves to loopback', async () => {
    await expect(outbound(false).vet('http://localhost/')).rejects.toThrow(/localhost resolves to .*loopback/);
  });

  it('calls a private address with the flag, and keeps the host name while connecting to the vetted address', async () => {
    const port = (server.address() as AddressInfo).port;
    const res = await outbound(true).request(`http://localhost:${port}/echo`, { method: 'POST', body: 'hi', timeoutMs: 2000 });
    expect(res).toMatchObject({ status: 200, body: 'POST hi' });
    expect(seen.at(-1)).toBe(`POST /echo localhost:${port}`);
  });

  it('follows redirects, POST becoming GET after a 302', async () => {
    const res = await outbound(true).request(`${base}/hop`, { method: 'POST', body: 'x', timeoutMs: 2000 });
    expect(res).toMatchObject({ status: 200, body: 'GET ', url: `${base}/end` });
  });

  it('vets every redirect: one to the metadata address is refused even with an allowed first hop', async () => {
    const guarded = new OwnServerAllowed(AppConfig.fromEnv({ NODE_ENV: 'test' }));
    await expect(guarded.request(`${base}/to-metadata`, { timeoutMs: 2000 })).rejects.toThrow(/169\.254\.169\.254 is a link-local address/);
  });

  it('stops after maxRedirects', async () => {
    await expect(outbound(true).request(`${base}/loop`, { timeoutMs: 2000, maxRedirects: 2 })).rejects.toThrow(/more than 2 redirects/);
  });

  it('stops reading an endless answer at maxResponseBytes', async () => {
    const res = await outbound(true).request(`${base}/endless`, { timeoutMs: 2000, maxResponseBytes: 4096 });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(4096);
  });

  it('times out', async () => {
    await expect(outbound(true).request(`${base}/slow`, { timeoutMs: 200 })).rejects.toThrow(/timed out/);
  });
});
