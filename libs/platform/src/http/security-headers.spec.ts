import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { headersOnce } from './headers-once';
import { SECURITY_HEADER_OPTIONS, securityHeaders } from './security-headers';

function appWith(middleware: RequestHandler): express.Express {
  const app = express();
  app.use(middleware);
  app.get('/', (_req, res) => void res.json({ ok: true }));
  return app;
}

/** The response's headers without the ones that change from one response to the next. */
async function headersOf(app: express.Express): Promise<Record<string, unknown>> {
  const res = await request(app).get('/');
  const { date: _date, etag: _etag, ...rest } = res.headers as Record<string, unknown>;
  return rest;
}

describe('securityHeaders', () => {
  it('sets exactly the headers helmet sets per request, in the same order', async () => {
    const once = await request(appWith(securityHeaders())).get('/');
    const live = await request(appWith(helmet(SECURITY_HEADER_OPTIONS))).get('/');
    expect(Object.keys(once.headers)).toEqual(Object.keys(live.headers));
    expect(await headersOf(appWith(securityHeaders()))).toEqual(await headersOf(appWith(helmet(SECURITY_HEADER_OPTIONS))));
    expect(once.headers['content-security-policy']).toContain("img-src 'self' data:");
    expect(once.headers['x-powered-by']).toBeUndefined();
  });
});

describe('headersOnce', () => {
  it('refuses a middleware whose headers depend on the request', () => {
    const perRequest: RequestHandler = (req, res, next) => {
      res.setHeader('X-Path', req.path);
      next();
    };
    expect(() => headersOnce(perRequest)).toThrow(/reads the request \(path\)/);
  });

  it('refuses a middleware that does not pass the request on at once', () => {
    const late: RequestHandler = (_req, _res, next) => void setImmediate(next);
    expect(() => headersOnce(late)).toThrow(/did not pass the request on at once/);
  });

  it('refuses a middleware that fails', () => {
    const failing: RequestHandler = (_req, _res, next) => next(new Error('bad option'));
    expect(() => headersOnce(failing)).toThrow('bad option');
  });

  it('replays removals too', async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.setHeader('X-Before', '1');
      next();
    });
    app.use(
      headersOnce((_req, res, next) => {
        res.setHeader('X-Fixed', ['a', 'b']);
        res.removeHeader('X-Before');
        next();
      }),
    );
    app.get('/', (_req, res) => void res.send('ok'));
    const res = await request(app).get('/');
    expect(res.headers['x-fixed']).toBe('a, b');
    expect(res.headers['x-before']).toBeUndefined();
  });
});
