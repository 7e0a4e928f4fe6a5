import { AsyncLocalStorage } from 'node:async_hooks';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { AdmissionGate, releaseAdmission } from './admission-gate';

/** Each started handler, by the request's `?id=`, with what it saw and the means to finish it. */
interface Started {
  id: string;
  store: string | undefined;
  finish: () => void;
}

describe('AdmissionGate', () => {
  const arrival = new AsyncLocalStorage<string>();
  let gate: AdmissionGate;
  let started: Started[];
  let shed: string[];
  let base: string;
  let close: () => Promise<void>;

  async function serve(maxInFlight: number, maxWaitMs: number): Promise<void> {
    started = [];
    shed = [];
    gate = new AdmissionGate({ maxInFlight, maxWaitMs }, (req, res) => {
      shed.push(String(req.query.id));
      res.status(503).set('Retry-After', '1').json({ slug: 'overloaded' });
    });
    const app = express();
    // Context set at arrival (as an error reporter's scope is): the handler must see its own, wherever it is resumed from.
    app.use((req, _res, next) => arrival.run(String(req.query.id), next));
    app.use('/api', gate.middleware);
    app.all('/api/work', (req, res) => {
      const id = String(req.query.id);
      if (req.query.stream) {
        releaseAdmission(res);
        res.write('streaming');
      }
      started.push({ id, store: arrival.getStore(), finish: () => res.end(id) });
    });
    app.get('/health', (_req, res) => res.send('ok'));
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise((resolve) => {
        gate.close();
        server.closeAllConnections();
        server.close(() => resolve());
      });
  }

  /** A request on its own connection; resolves with the status and body once answered. */
  function send(path: string, init: { method?: string; body?: string; signal?: AbortSignal } = {}) {
    return fetch(`${base}${path}`, { ...init, headers: { connection: 'close' } }).then(async (res) => ({
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: await res.text(),
    }));
  }

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  afterEach(async () => {
    for (const s of started) s.finish();
    await close();
  });

  it('lets maxInFlight requests in and the rest in arrival order as turns come back, each in its own async context', async () => {
    await serve(2, 5000);
    const answers = ['a', 'b', 'c', 'd'].map((id) => send(`/api/work?id=${id}`));
    await until(() => started.length === 2, 'two handlers');
    await until(() => gate.queued === 2, 'two waiting');
    expect(started.map((s) => s.id).sort()).toEqual(['a', 'b']);

    const first = started.find((s) => s.id === 'a')!;
    first.finish();
    await until(() => started.length === 3, 'the third handler');
    started.find((s) => s.id === 'b')!.finish();
    await until(() => started.length === 4, 'the fourth handler');
    expect(started.slice(2).map((s) => s.id)).toEqual(['c', 'd']);
    for (const s of started.slice(2)) s.finish();

    expect((await Promise.all(answers)).map((a) => a.body)).toEqual(['a', 'b', 'c', 'd']);
    // Resumed from another response's close, yet each saw the context of its own arrival.
    expect(started.map((s) => s.store)).toEqual(started.map((s) => s.id));
    expect(gate.queued).toBe(0);
  });

  it('lets requests with a body, and paths outside its mount, through without a turn', async () => {
    await serve(1, 5000);
    void send('/api/work?id=holder');
    await until(() => started.length === 1, 'the holder');
    void send('/api/work?id=posted', { method: 'POST', body: 'payload' });
    await until(() => started.length === 2, 'the request with a body');
    expect(await send('/health')).toMatchObject({ status: 200, body: 'ok' });
    expect(started.map((s) => s.id)).toEqual(['holder', 'posted']);
    expect(gate.queued).toBe(0);
  });

  it('sheds a request that waited maxWaitMs, without running it', async () => {
    await serve(1, 100);
    void send('/api/work?id=holder');
    await until(() => started.length === 1, 'the holder');
    const begun = Date.now();
    const refused = await send('/api/work?id=late');
    expect(refused).toMatchObject({ status: 503, retryAfter: '1' });
    expect(Date.now() - begun).toBeGreaterThanOrEqual(90);
    expect(shed).toEqual(['late']);
    expect(gate.queued).toBe(0);
    started[0].finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started.map((s) => s.id)).toEqual(['holder']);
  });

  it('drops a waiting request whose client left, and gives the turn to the next', async () => {
    await serve(1, 5000);
    void send('/api/work?id=holder');
    await until(() => started.length === 1, 'the holder');
    // A raw request, so that its connection can be cut while it waits.
    const left = httpRequest(`${base}/api/work?id=left`);
    left.on('error', () => undefined);
    left.end();
    await until(() => gate.queued === 1, 'the request that will leave');
    const next = send('/api/work?id=next');
    await until(() => gate.queued === 2, 'the next request');
    left.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));

    started[0].finish();
    await until(() => started.length === 2, 'the next handler');
    expect(started.map((s) => s.id)).toEqual(['holder', 'next']);
    started[1].finish();
    expect((await next).body).toBe('next');
  });

  it('frees the turn of a response that streams as soon as it says so', async () => {
    await serve(1, 5000);
    const stream = fetch(`${base}/api/work?id=stream&stream=1`);
    await until(() => started.length === 1, 'the stream');
    void send('/api/work?id=after');
    await until(() => started.length === 2, 'the request after the stream');
    expect(started.map((s) => s.id)).toEqual(['stream', 'after']);
    started[0].finish();
    expect(await (await stream).text()).toBe('streamingstream');
  });

  it('with maxInFlight 0 lets everything in at once', async () => {
    await serve(0, 5000);
    for (const id of ['a', 'b', 'c']) void send(`/api/work?id=${id}`);
    await until(() => started.length === 3, 'three handlers');
    expect(gate.queued).toBe(0);
  });

  it('on close sheds what still waits', async () => {
    await serve(1, 5000);
    void send('/api/work?id=holder');
    await until(() => started.length === 1, 'the holder');
    const waiting = send('/api/work?id=waiting');
    await until(() => gate.queued === 1, 'the waiting request');
    gate.close();
    expect(await waiting).toMatchObject({ status: 503 });
    expect(shed).toEqual(['waiting']);
  });
});
