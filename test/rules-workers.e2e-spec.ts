import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { RulesQueue } from '../libs/business-rules/src/rules/evaluation/rules.queue';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { freePort, spawnApp, type SpawnedProcess, waitForStatus } from './support/processes';
import { describeWithRedis, startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

jest.setTimeout(240_000);

const DAY = 86_400_000;

/** The "scheduled rule ran" lines a worker logged (pino JSON), with their counts. */
function scheduledRuns(worker: SpawnedProcess, ruleId: string): { time: number; window: string; scanned: number; fired: number }[] {
  return worker
    .output()
    .split('\n')
    .filter((line) => line.includes('scheduled rule ran') && line.includes(ruleId))
    .map((line) => JSON.parse(line) as { time: number; window: string; scanned: number; fired: number });
}

describeWithRedis('a scheduled rule with two workers (JOB_PROCESSING=worker, Redis)', () => {
  let t: TestApp;
  let workers: SpawnedProcess[] = [];
  let owner: TokenResponse;

  beforeAll(async () => {
    t = await startTestApp({ redis: true, env: { JOB_PROCESSING: 'worker', THROTTLE_LIMIT: '100000' } });
    workers = await Promise.all(
      ['a', 'b'].map(async () => {
        const port = await freePort();
        const worker = spawnApp('worker', {
          DATABASE_URL: t.database.url,
          REDIS_URL: t.config.redisUrl!,
          REDIS_KEY_PREFIX: t.config.redisKeyPrefix,
          JOB_PROCESSING: 'worker',
          WORKER_PORT: String(port),
          LOG_LEVEL: 'info',
        });
        await waitForStatus(worker, `http://127.0.0.1:${port}/health/ready`, 200, 120_000);
        return worker;
      }),
    );
    owner = await register(t);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t.close();
  });

  it('fires once per item across ticks and workers', async () => {
    const api = (path: string) => `/api/v1${path}`;
    for (const [title, priority, dueDaysAgo] of [
      ['Sign the lease', 'urgent', 4],
      ['Pay the invoice', 'urgent', 10],
      ['Book the venue', 'urgent', 5],
      ['Water the plants', 'low', 9],
      ['Renew the domain', 'urgent', 1],
    ] as const)
      await request(t.server)
        .post(api('/action-items'))
        .set(bearer(owner))
        .send({ title, priority, dueAt: new Date(Date.now() - dueDaysAgo * DAY).toISOString() })
        .expect(201);
    const rule = (
      await request(t.server)
        .post(api('/rules'))
        .set(bearer(owner))
        .send({
          name: 'Urgent and 3 days late',
          // Every minute; the first tick comes at once.
          trigger: { type: 'schedule', entity: 'action_item', everyMinutes: 1, timezone: 'UTC' },
          conditions: {
            all: [
              { fact: 'priority', operator: 'equal', value: 'urgent' },
              { fact: 'daysOverdue', operator: 'greaterThanInclusive', value: 3 },
            ],
          },
          actions: [
            { type: 'notify', recipients: { roles: ['owner'] }, channels: ['in_app'], title: '{{title}} is {{daysOverdue}} days late' },
          ],
        })
        .expect(201)
    ).body as { id: string };

    // In the order they ran (pino's `time`), not by worker: either worker may take either tick.
    const runs = () => workers.flatMap((w) => scheduledRuns(w, rule.id)).sort((a, b) => a.time - b.time);
    // At once (the tick waits for the rule's creation to commit); the bound is the one a lost first tick would need.
    await until('the first scheduled run', async () => runs().length >= 1, 150_000, 250);
    // The next tick is the scheduler's delayed job, due a minute later: it is run now rather than waited for. It is
    // the same job the scheduler made, in the same Redis, taken by whichever worker gets it first.
    const redis = new Redis(t.config.redisUrl!, { maxRetriesPerRequest: 1 });
    const queue = new Queue(RulesQueue.definition.name, { connection: redis, prefix: `${t.config.redisKeyPrefix}bull` });
    try {
      const next = await until('the next tick to be scheduled', async () =>
        (await queue.getDelayed()).find((job) => job.name === 'schedule'),
      );
      await next.promote();
    } finally {
      await queue.close();
      redis.disconnect();
    }
    // Two ticks, whichever workers took them.
    await until('two scheduled runs', async () => runs().length >= 2, 60_000, 250);
    const [first, second] = runs();
    // Only candidate rows were read: urgent and due at least 3 days ago.
    expect(first).toMatchObject({ window: 'once', scanned: 3, fired: 3 });
    expect(second).toMatchObject({ window: 'once', scanned: 3, fired: 0 });

    const applications = (
      await request(t.server)
        .get(api(`/rules/applications?ruleId=${rule.id}`))
        .set(bearer(owner))
        .expect(200)
    ).body.items as { entityId: string; status: string }[];
    expect(applications).toHaveLength(3);
    expect(new Set(applications.map((a) => a.entityId)).size).toBe(3);
    expect(applications.every((a) => a.status === 'fired')).toBe(true);
    const notes = (await request(t.server).get(api('/notifications?limit=100')).set(bearer(owner)).expect(200)).body.items as {
      title: string;
    }[];
    expect(notes.map((n) => n.title).sort()).toEqual([
      'Book the venue is 5 days late',
      'Pay the invoice is 10 days late',
      'Sign the lease is 4 days late',
    ]);
  });
});
