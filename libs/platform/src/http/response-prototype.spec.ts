import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import compression from 'compression';
import express, { type Response } from 'express';
import { countResponseBytes, responseBytes } from '../logging/response-bytes';
import { setVersionETags } from './etag';

/** A real Express app with both response-prototype extensions, recording each response's counted bytes. */
async function serve(): Promise<{ url: string; counted: number[]; close: () => Promise<void> }> {
  const app = express();
  countResponseBytes(app);
  setVersionETags(app);
  const counted: number[] = [];
  app.use((_req, res, next) => {
    res.once('finish', () => counted.push(responseBytes(res) ?? -1));
    next();
  });
  app.use('/gzip', compression({ threshold: 0 }));
  app.get(['/versioned', '/gzip/versioned'], (_req, res) => res.json({ id: 'a', version: 7, text: 'é'.repeat(100) }));
  app.get('/plain', (_req, res) => res.json({ id: 'a' }));
  app.get('/zero', (_req, res) => res.json({ id: 'a', version: 0 }));
  app.get('/stringly', (_req, res) => res.json({ version: '7' }));
  app.get('/streamed', (_req, res: Response) => {
    res.write('abc');
    res.write(Buffer.from([1, 2, 3, 4]));
    res.end('€');
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('response prototype extensions', () => {
  let app: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => (app = await serve()));
  afterAll(() => app.close());
  beforeEach(() => (app.counted.length = 0));

  it('give a versioned JSON body its ETag, and Express answers If-None-Match from it', async () => {
    const res = await fetch(`${app.url}/versioned`);
    expect(res.headers.get('etag')).toBe('"7"');
    expect((await fetch(`${app.url}/zero`)).headers.get('etag')).toBe('"0"');
    // node:http rather than fetch, which adds Cache-Control: no-cache to conditional requests.
    const status = await new Promise((resolve, reject) =>
      get(`${app.url}/versioned`, { headers: { 'if-none-match': '"7"' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject),
    );
    expect(status).toBe(304);
  });

  it('leave bodies without a numeric version to Express (its weak ETag)', async () => {
    for (const path of ['/plain', '/stringly']) {
      const etag = (await fetch(`${app.url}${path}`)).headers.get('etag');
      expect(etag).toMatch(/^W\//);
    }
  });

  it('count the bytes of the body as written: JSON, several writes, and after compression', async () => {
    const body = await (await fetch(`${app.url}/versioned`)).arrayBuffer();
    await (await fetch(`${app.url}/streamed`)).arrayBuffer();
    const gzip = await fetch(`${app.url}/gzip/versioned`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    await gzip.arrayBuffer();
    await new Promise((resolve) => setImmediate(resolve));
    const [json, streamed, compressed] = app.counted;
    expect(json).toBe(body.byteLength);
    expect(streamed).toBe(3 + 4 + 3);
    expect(compressed).toBeGreaterThan(0);
    expect(compressed).toBeLessThan(body.byteLength);
  });

  it('say nothing about responses of an app that does not count', () => {
    expect(responseBytes(Object.create(express().response) as object)).toBeUndefined();
  });
});
