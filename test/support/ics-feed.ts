import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const DAY = 86_400_000;

const stamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

/**
 * A calendar of `count` one-off events spread over the next 80 days (inside the ical connector's default window),
 * each with two attendees. `revision` changes the titles of every tenth event, as a day of edits would.
 */
export function manyEvents(count: number, { revision = 0, now = Date.now() }: { revision?: number; now?: number } = {}): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Quorum tests//EN'];
  const first = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1, 8);
  for (let i = 0; i < count; i++) {
    const start = new Date(first + (Math.floor(i / 40) * (DAY * 80)) / Math.ceil(count / 40) + (i % 40) * 15 * 60_000);
    const edited = revision > 0 && i % 10 === 0;
    lines.push(
      'BEGIN:VEVENT',
      `UID:event-${i}@example.com`,
      `DTSTAMP:${stamp(new Date(now))}`,
      `SEQUENCE:${edited ? revision : 0}`,
      `SUMMARY:Meeting ${i}${edited ? ` (rev ${revision})` : ''}`,
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(new Date(start.getTime() + 30 * 60_000))}`,
      `ATTENDEE;CN=Person ${i % 17}:mailto:person${i % 17}@example.com`,
      `ATTENDEE;CN=Person ${(i + 5) % 17}:mailto:person${(i + 5) % 17}@example.com`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

/** Serves `feeds` (path → iCalendar text) with strong ETags and 304s, as a calendar host does. */
export class IcsFeedServer {
  readonly feeds = new Map<string, string>();
  private server: Server | null = null;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const feed = this.feeds.get(req.url ?? '/');
      if (!feed) return void res.writeHead(404).end();
      const etag = `"${createHash('sha256').update(feed).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'text/calendar', etag }).end(feed);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
