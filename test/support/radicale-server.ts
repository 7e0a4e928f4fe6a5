import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes';

export interface RadicaleResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An answer the proxy gives instead of forwarding, once per entry (a 429 with Retry-After, a 503). */
interface Fault {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A real CalDAV server for the tests: Debian's Radicale (`radicale` on PATH, the `radicale` package) on a free port,
 * with a temporary storage folder and htpasswd (plain) authentication, behind a small pass-through proxy on
 * 127.0.0.1 that lets a test inject faults Radicale itself never answers (429 with Retry-After) and see the requests
 * that reached it (method, path, Authorization present). `url` is the proxy's; `request` talks to Radicale directly
 * as the calendar's owner, to change the calendar behind the connector's back.
 */
export class RadicaleServer {
  readonly username = 'quorum-sync';
  readonly password = 'Radic4le-Test-Pa55word';
  /** What reached the proxy: method and path (the connector's calls), in order. */
  readonly requests: { method: string; path: string; authorized: boolean; headers: Record<string, string | string[] | undefined> }[] = [];
  private readonly faults: Fault[] = [];
  private child: ChildProcess | null = null;
  private proxy: Server | null = null;
  private folder = '';
  private radicalePort = 0;
  private proxyPort = 0;
  private output = '';

  /** The proxy's base URL (no trailing slash). */
  get url(): string {
    return `http://127.0.0.1:${this.proxyPort}`;
  }

  /** A calendar collection's URL under the test user, as the connector is configured with it. */
  calendarUrl(name: string): string {
    return `${this.url}/${this.username}/${name}/`;
  }

  async start(): Promise<void> {
    this.folder = await mkdtemp(join(tmpdir(), 'quorum-radicale-'));
    this.radicalePort = await freePort();
    await writeFile(join(this.folder, 'users'), `${this.username}:${this.password}\n`);
    const config = [
      '[server]',
      `hosts = 127.0.0.1:${this.radicalePort}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${join(this.folder, 'users')}`,
      'htpasswd_encryption = plain',
      // Radicale delays every failed login by up to this many seconds, which only slows the bad-credentials test.
      'delay = 0',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${join(this.folder, 'collections')}`,
      '[logging]',
      'level = warning',
      'mask_passwords = True',
      '[web]',
      'type = none',
    ].join('\n');
    await writeFile(join(this.folder, 'config'), `${config}\n`);
    this.child = spawn('radicale', ['--config', join(this.folder, 'config')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-10_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);

    this.proxy = createServer((req, res) => this.forward(req, res));
    await new Promise<void>((resolve) => this.proxy!.listen(0, '127.0.0.1', resolve));
    this.proxyPort = (this.proxy.address() as AddressInfo).port;

    const deadline = Date.now() + 20_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`radicale exited (${this.child.exitCode}): ${this.output}`);
      try {
        const answer = await this.request('OPTIONS', '/');
        if (answer.status < 500) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`radicale did not answer within 20 s: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.proxy ? this.proxy.close(() => resolve()) : resolve()));
    this.proxy?.closeAllConnections();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.folder) await rm(this.folder, { recursive: true, force: true });
  }

  /** The next request through the proxy gets this answer instead of Radicale's. */
  failNext(status: number, headers: Record<string, string> = {}, body = ''): void {
    this.faults.push({ status, headers, body });
  }

  /** Creates a calendar collection (MKCALENDAR) for the test user; answers its URL (through the proxy). */
  async makeCalendar(name: string): Promise<string> {
    const body =
      '<?xml version="1.0" encoding="utf-8"?>' +
      '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>' +
      `<D:displayname>${name}</D:displayname>` +
      '<C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>' +
      '</D:prop></D:set></C:mkcalendar>';
    const answer = await this.request('MKCALENDAR', `/${this.username}/${name}/`, body, { 'content-type': 'application/xml' });
    if (answer.status !== 201) throw new Error(`MKCALENDAR answered ${answer.status}: ${answer.body}`);
    return this.calendarUrl(name);
  }

  /** PUTs an event resource (`<file>` under the calendar) as the owner, straight to Radicale; answers its ETag. */
  async putEvent(calendar: string, file: string, ics: string, headers: Record<string, string> = {}): Promise<string> {
    const answer = await this.request('PUT', `/${this.username}/${calendar}/${file}`, ics, {
      'content-type': 'text/calendar; charset=utf-8',
      ...headers,
    });
    if (answer.status !== 201 && answer.status !== 204) throw new Error(`PUT ${file} answered ${answer.status}: ${answer.body}`);
    return String(answer.headers.etag);
  }

  async deleteEvent(calendar: string, file: string): Promise<void> {
    const answer = await this.request('DELETE', `/${this.username}/${calendar}/${file}`);
    if (answer.status !== 200 && answer.status !== 204) throw new Error(`DELETE ${file} answered ${answer.status}: ${answer.body}`);
  }

  async getEvent(calendar: string, file: string): Promise<RadicaleResponse> {
    return this.request('GET', `/${this.username}/${calendar}/${file}`);
  }

  /** A request straight to Radicale (not through the proxy), as the test user unless `authorization` is given. */
  request(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<RadicaleResponse> {
    const authorization = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: this.radicalePort, method, path, headers: { authorization, ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorized: Boolean(req.headers.authorization),
      headers: req.headers,
    });
    const fault = this.faults.shift();
    if (fault) {
      req.resume();
      res.writeHead(fault.status, fault.headers).end(fault.body);
      return;
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: this.radicalePort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  }
}
