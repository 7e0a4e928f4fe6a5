import { performance } from 'node:perf_hooks';
import { AppConfig, RequestContext } from '@quorum/platform';
import { createApp } from '../apps/api/src/create-app';
import { SyncRunner } from '../libs/data-sync/src/runs/sync-runner.service';
import { SyncSourcesService } from '../libs/data-sync/src/sources/sync-sources.service';
import { IcsFeedServer, manyEvents } from '../test/support/ics-feed';
import type { Cleanup } from './lib/cleanup';
import { createBenchDatabase } from './lib/database';
import { markdownTable, out } from './lib/stats';

/**
 * A 10,000-event calendar import (issue 13), in one api process with job processing off, so the figures are what
 * one sync job does: an iCalendar feed of 10,000 one-off events with two attendees each, served on loopback, pulled by
 * SyncRunner.run as the job runs it (fetch, parse, one transaction per 200 events holding their meetings, records and
 * checkpoint). Then three re-runs: the same feed (the server answers 304), the same content under a new ETag (every
 * event read, hashed and found unchanged), and a day of edits (every tenth event retitled).
 */

const EVENTS = 10_000;

export interface SyncBenchResult {
  events: number;
  runs: { run: string; seconds: number; read: number; created: number; updated: number; unchanged: number }[];
}

export async function runSync(cleanup: Cleanup): Promise<SyncBenchResult> {
  const database = await createBenchDatabase('sync', cleanup);
  const config = AppConfig.fromEnv({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    DB_MIGRATIONS_RUN: 'false',
    JOB_PROCESSING: 'none',
    THROTTLE_LIMIT: '100000',
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-42',
    SYNC_SECRETS_KEY: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
  });
  const feeds = new IcsFeedServer();
  await feeds.start();
  cleanup.add('stop the feed server', () => feeds.stop());
  const app = await createApp({ config, databaseUrl: database.url });
  cleanup.add('close the sync app', () => app.close());
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const registered = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-sync@example.com', password: 'Correct-Horse-Battery-42', name: 'Bench Owner' }),
  });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
  const owner = (await registered.json()) as { user: { id: string }; tenant: { id: string } };
  const principal = { tenantId: owner.tenant.id, userId: owner.user.id, role: 'owner' as const, sessionId: 'sync:bench' };

  const now = Date.now();
  feeds.feeds.set('/team.ics', manyEvents(EVENTS, { now }));
  const source = await RequestContext.run(principal, () =>
    app.get(SyncSourcesService).create({ name: 'Bench calendar', kind: 'ical', settings: { url: `${feeds.base}/team.ics` } }),
  );
  const runner = app.get(SyncRunner);
  const runs: SyncBenchResult['runs'] = [];
  const measure = async (name: string) => {
    const t0 = performance.now();
    const run = await RequestContext.run(principal, () => runner.run(source.id, 'manual', null, new AbortController().signal));
    const seconds = (performance.now() - t0) / 1000;
    if (run?.status !== 'succeeded') throw new Error(`${name}: the run ended ${run?.status}: ${run?.reason}`);
    const events = run.streams.events;
    runs.push({ run: name, seconds, read: events.read, created: events.created, updated: events.updated, unchanged: events.unchanged });
    out(
      `sync: ${name}: ${seconds.toFixed(2)} s (read ${events.read}, created ${events.created}, updated ${events.updated}, unchanged ${events.unchanged})`,
    );
  };
  out(`sync: importing a calendar of ${EVENTS.toLocaleString('en')} events …`);
  await measure('first import');
  await measure('re-run, feed not modified (304)');
  feeds.feeds.set('/team.ics', manyEvents(EVENTS, { now }) + '\r\n');
  await measure('re-run, same events, new ETag');
  feeds.feeds.set('/team.ics', manyEvents(EVENTS, { now, revision: 1 }));
  await measure('re-run, 10 % of events edited');
  out(
    '\n' +
      markdownTable(
        ['run', 'seconds', 'read', 'created', 'updated', 'unchanged'],
        runs.map((r) => [r.run, r.seconds.toFixed(2), String(r.read), String(r.created), String(r.updated), String(r.unchanged)]),
      ),
  );
  return { events: EVENTS, runs };
}
