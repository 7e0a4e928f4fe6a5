import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { RequestContext } from '../tenancy/request-context';
import { createRequestLogger, logAsRefusal } from './request-logger';
import { createRootLogger } from './root-logger';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('request logs', () => {
  let server: Server;
  let lines: Record<string, unknown>[];
  let root: Logger;

  beforeAll(async () => {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    root = createRootLogger({ logLevel: 'info' }, sink);
    const logger = createRequestLogger(root);
    server = createServer((req, res) => {
      logger(req as Request, res as Response, () =>
        RequestContext.middleware(req as Request, res as Response, () => {
          const url = new URL(req.url ?? '/', 'http://x');
          req.log.info('inside the handler');
          if (url.searchParams.has('hang')) return; // the client gives up first
          res.statusCode = Number(url.searchParams.get('status') ?? 200);
          if (url.searchParams.has('refused')) logAsRefusal(res as Response);
          // Asynchronous, as a real handler is: the request's fields must survive the hop.
          setImmediate(() => {
            req.log.info('after an await');
            res.end('ok');
          });
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    lines.length = 0;
    root.level = 'info';
  });

  const get = (headers: Record<string, string>, path = '/api/v1/things') =>
    new Promise<void>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      request({ host: '127.0.0.1', port, path, headers }, (res) => {
        res.resume();
        res.on('end', () => setImmediate(resolve));
      })
        .on('error', reject)
        .end();
    });

  it("put the caller's trace id on every line of the request, next to the request id", async () => {
    await get({ traceparent: `00-${TRACE_ID}-${PARENT}-01`, 'x-request-id': 'req-1' });
    expect(lines.map((line) => line.msg)).toEqual(['inside the handler', 'after an await', 'GET /api/v1/things 200']);
    for (const line of lines) expect(line).toMatchObject({ requestId: 'req-1', traceId: TRACE_ID, parentSpanId: PARENT });
    expect(lines[2]).toMatchObject({ level: 30, req: { method: 'GET', url: '/api/v1/things' }, res: { statusCode: 200 } });
    expect(lines[2].durationMs).toEqual(expect.any(Number));
  });

  it('carry no trace fields without a valid traceparent', async () => {
    await get({ traceparent: 'garbage', 'x-request-id': 'req-2' });
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.requestId).toBe('req-2');
      expect(line).not.toHaveProperty('traceId');
    }
  });

  it('log 4xx at warn and 5xx at error, but a refusal by choice (load shedding) at warn', async () => {
    await get({}, '/api/v1/things?status=404');
    await get({}, '/api/v1/things?status=503');
    await get({}, '/api/v1/things?status=503&refused=1');
    expect(lines.filter((line) => line.res).map((line) => [line.level, line.msg])).toEqual([
      [40, 'GET /api/v1/things?status=404 404'],
      [50, 'GET /api/v1/things?status=503 503'],
      [40, 'GET /api/v1/things?status=503&refused=1 503'],
    ]);
  });

  it('write nothing for a response below the level, and nothing for health probes', async () => {
    root.level = 'warn';
    await get({});
    root.level = 'info';
    await get({}, '/health/ready');
    expect(lines.filter((line) => line.res)).toEqual([]);
  });

  it('log a response the client did not wait for as 499 at warn', async () => {
    const { port } = server.address() as AddressInfo;
    const closed = new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/things?hang=1' });
      req.on('error', () => resolve());
      req.end();
      const poll = setInterval(() => {
        if (lines.some((line) => line.msg === 'inside the handler')) {
          clearInterval(poll);
          req.destroy();
        }
      }, 5);
    });
    await closed;
    for (let i = 0; i < 100 && !lines.some((line) => line.res); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines.find((line) => line.res)).toMatchObject({ level: 40, res: { statusCode: 499 }, msg: 'GET /api/v1/things?hang=1 499' });
  });
});
