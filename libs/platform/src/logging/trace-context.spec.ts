import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import { AppConfig } from '../config';
import { createRequestLogger } from './logging.module';
import { parseTraceparent } from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads a valid header', () => {
    expect(parseTraceparent(`00-${TRACE_ID}-${PARENT}-01`)).toEqual({ traceId: TRACE_ID, parentSpanId: PARENT, sampled: true });
    expect(parseTraceparent(`00-${TRACE_ID}-${PARENT}-00`)?.sampled).toBe(false);
  });

  it('accepts later versions with extra fields, as the spec asks', () => {
    expect(parseTraceparent(`01-${TRACE_ID}-${PARENT}-01-what-comes-next`)?.traceId).toBe(TRACE_ID);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['version ff', `ff-${TRACE_ID}-${PARENT}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-${PARENT}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-${PARENT}-01`],
    ['extra fields on version 00', `00-${TRACE_ID}-${PARENT}-01-extra`],
    ['junk', 'not a traceparent'],
  ])('ignores %s', (_, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });
});

describe('request logs', () => {
  let server: Server;
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = createRequestLogger(AppConfig.fromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'info' }), sink);
    server = createServer((req, res) => {
      logger(req as Request, res as Response, () => {
        req.log.info('inside the handler');
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (headers: Record<string, string>) =>
    new Promise<void>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      request({ host: '127.0.0.1', port, path: '/api/v1/things', headers }, (res) => {
        res.resume();
        res.on('end', () => setImmediate(resolve));
      })
        .on('error', reject)
        .end();
    });

  it("put the caller's trace id on every line of the request, next to the request id", async () => {
    lines.length = 0;
    await get({ traceparent: `00-${TRACE_ID}-${PARENT}-01`, 'x-request-id': 'req-1' });
    expect(lines.map((line) => line.msg)).toEqual(['inside the handler', 'GET /api/v1/things 200']);
    for (const line of lines) expect(line).toMatchObject({ requestId: 'req-1', traceId: TRACE_ID, parentSpanId: PARENT });
  });

  it('carry no trace fields without a valid traceparent', async () => {
    lines.length = 0;
    await get({ traceparent: 'garbage', 'x-request-id': 'req-2' });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.requestId).toBe('req-2');
      expect(line).not.toHaveProperty('traceId');
    }
  });
});
