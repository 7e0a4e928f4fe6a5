import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { RequestContext } from '@quorum/platform';
import { AppConfig } from '@quorum/platform';
import { createApp } from '../apps/api/src/create-app';
import { RuleEvaluationService } from '../libs/business-rules/src/rules/evaluation/rule-evaluation.service';
import { RulesService } from '../libs/business-rules/src/rules/rules.service';
import type { Cleanup } from './lib/cleanup';
import { createBenchDatabase } from './lib/database';
import { markdownTable, ms, out, percentile } from './lib/stats';

/**
 * Business rules at size (issue 12), in one api process with job processing off, so the figures are the
 * evaluation's own (what one rules job does), not the queue's:
 * - events through 100 active event rules of one tenant: each event is an `action_item.updated` logged in
 *   rule_events as the listener logs it, evaluated by RuleEvaluationService.runEvent as the job runs it (facts,
 *   one json-rules-engine run over the 100 rules, claims and actions of those that fire);
 * - a scheduled scan over 100,000 action items: one rule whose conditions narrow the rows in SQL (urgent and 3
 *   days late, ~2 % of the items), one whose conditions cannot (`any`), so every row is read and evaluated;
 *   each run twice, the second finding every firing claimed already.
 */

const ITEMS = 100_000;
const EVENTS = 2_000;
const RULES = 100;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'];

export interface RulesBenchResult {
  rules: number;
  events: number;
  eventsPerSecond: number;
  eventP50: number;
  eventP99: number;
  firings: number;
  items: number;
  scans: { rule: string; candidates: number; fired: number; firstSeconds: number; againSeconds: number }[];
}

async function registerOwner(base: string): Promise<{ tenantId: string; userId: string }> {
  const res = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-owner@example.com', password: 'Correct-Horse-Battery-42', name: 'Bench Owner' }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; tenant: { id: string } };
  return { tenantId: body.tenant.id, userId: body.user.id };
}

/** 100,000 items over four priorities and due dates from 60 days ago to 60 days ahead, a quarter done; seeded in SQL. */
async function seedItems(client: Client, tenantId: string, userId: string): Promise<void> {
  await client.query(
    `INSERT INTO action_items (tenant_id, title, status, priority, due_at, completed_at, assignee_user_id, created_by)
     SELECT $1, 'Item ' || g,
            CASE WHEN g % 4 = 0 THEN 'done' ELSE 'open' END,
            (ARRAY['low','medium','high','urgent'])[1 + (g::bigint * 7919) % 4],
            now() + make_interval(hours => ((g::bigint * 104729) % 2880)::int - 1440),
            CASE WHEN g % 4 = 0 THEN now() ELSE NULL END,
            $2, $2
     FROM generate_series(1, $3) g`,
    [tenantId, userId, ITEMS],
  );
  await client.query('ANALYZE action_items');
}

/** The events the listener would have logged for `count` items being updated. */
async function seedEvents(client: Client, tenantId: string, count: number): Promise<string[]> {
  const rows = await client.query<{ id: string }>(
    `INSERT INTO rule_events (id, tenant_id, type, entity_id, actor_user_id, occurred_at, data)
     SELECT gen_random_uuid(), a.tenant_id, 'action_item.updated', a.id, a.created_by, now(),
            jsonb_build_object('id', a.id, 'title', a.title, 'description', a.description, 'status', a.status, 'priority', a.priority,
              'dueAt', a.due_at, 'completedAt', a.completed_at, 'assigneeUserId', a.assignee_user_id, 'assigneeName', null,
              'assigneeEmail', null, 'meetingId', null, 'segmentId', null, 'origin', a.origin, 'createdBy', a.created_by,
              'createdAt', a.created_at, 'updatedAt', a.updated_at, 'version', a.version)
     FROM (SELECT * FROM action_items WHERE tenant_id = $1 ORDER BY title LIMIT $2) a
     RETURNING id`,
    [tenantId, count],
  );
  return rows.rows.map((r) => r.id);
}

/** 100 rules over the catalogue's facts: each a priority, a lateness threshold and a status; about one fires per event. */
function eventRule(i: number): Record<string, unknown> {
  return {
    name: `Bench rule ${i}`,
    trigger: { type: 'event', events: ['action_item.updated'] },
    conditions: {
      all: [
        { fact: 'priority', operator: 'equal', value: PRIORITIES[i % 4] },
        { fact: 'daysOverdue', operator: 'greaterThan', value: 45 + (i % 15) },
        {
          any: [
            { fact: 'status', operator: 'in', value: ['open', 'in_progress'] },
            { fact: 'hasAssignee', operator: 'equal', value: false },
          ],
        },
      ],
    },
    actions: [{ type: 'notify', recipients: { roles: ['owner'] }, channels: ['in_app'], title: '{{title}} is {{daysOverdue}} days late' }],
  };
}

export async function runRules(cleanup: Cleanup): Promise<RulesBenchResult> {
  const database = await createBenchDatabase('rules', cleanup);
  const config = AppConfig.fromEnv({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    DB_MIGRATIONS_RUN: 'false',
    JOB_PROCESSING: 'none',
    THROTTLE_LIMIT: '100000',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-42',
    SYNC_SECRETS_KEY: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
  });
  const app = await createApp({ config, databaseUrl: database.url });
  cleanup.add('close the rules app', () => app.close());
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const owner = await registerOwner(`http://127.0.0.1:${address.port}`);
  const principal = { tenantId: owner.tenantId, userId: owner.userId, role: 'owner' as const, sessionId: 'rules:0' };
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    out(`rules: seeding ${ITEMS.toLocaleString('en')} action items and ${RULES} rules …`);
    await seedItems(client, owner.tenantId, owner.userId);
    const rules = app.get(RulesService);
    const evaluation = app.get(RuleEvaluationService);
    await RequestContext.run(principal, async () => {
      for (let i = 0; i < RULES; i++) await rules.create(eventRule(i) as never);
    });

    const eventIds = await seedEvents(client, owner.tenantId, EVENTS);
    const times: number[] = [];
    let firings = 0;
    const started = performance.now();
    await RequestContext.run(principal, async () => {
      for (const id of eventIds) {
        const t0 = performance.now();
        firings += (await evaluation.runEvent(owner.tenantId, id)).fired;
        times.push(performance.now() - t0);
      }
    });
    const seconds = (performance.now() - started) / 1000;

    const scans: RulesBenchResult['scans'] = [];
    const scheduled = async (name: string, conditions: object) => {
      const rule = await RequestContext.run(principal, () =>
        rules.create({
          name,
          // Declared but never due while the benchmark runs: it is run directly below.
          trigger: { type: 'schedule', entity: 'action_item', cron: '0 3 1 1 *', timezone: 'UTC' },
          conditions,
          actions: [{ type: 'notify', recipients: { roles: ['owner'] }, channels: ['in_app'], title: '{{title}}' }],
        } as never),
      );
      const version = (await client.query<{ id: string }>('SELECT id FROM rule_versions WHERE rule_id = $1', [rule.id])).rows[0].id;
      const run = async () => {
        const t0 = performance.now();
        const result = await RequestContext.run(principal, () => evaluation.runSchedule(owner.tenantId, rule.id, version, Date.now()));
        return { ...result, seconds: (performance.now() - t0) / 1000 };
      };
      const first = await run();
      const again = await run();
      scans.push({ rule: name, candidates: first.scanned, fired: first.fired, firstSeconds: first.seconds, againSeconds: again.seconds });
    };
    await scheduled('urgent and 3 days late (narrowed in SQL)', {
      all: [
        { fact: 'priority', operator: 'equal', value: 'urgent' },
        { fact: 'daysOverdue', operator: 'greaterThanInclusive', value: 3 },
      ],
    });
    await scheduled('any of two titles (every row read)', {
      any: [
        { fact: 'title', operator: 'equal', value: 'Item 4242' },
        { fact: 'title', operator: 'equal', value: 'Item 77777' },
      ],
    });
    const result: RulesBenchResult = {
      rules: RULES,
      events: eventIds.length,
      eventsPerSecond: eventIds.length / seconds,
      eventP50: percentile(times, 50),
      eventP99: percentile(times, 99),
      firings,
      items: ITEMS,
      scans,
    };
    out(
      `\nRules: ${RULES} active event rules in one tenant, ${result.events.toLocaleString('en')} action_item.updated events evaluated one after another as the rules job does (no queue):\n`,
    );
    out(
      markdownTable(
        ['Events/s', 'Per event p50', 'Per event p99', 'Firings (each a notification)'],
        [[result.eventsPerSecond.toFixed(0), ms(result.eventP50), ms(result.eventP99), String(firings)]],
      ),
    );
    out(
      `\nScheduled scans over ${ITEMS.toLocaleString('en')} action items of the tenant (first run fires; the second finds each firing claimed):\n`,
    );
    out(
      markdownTable(
        ['Rule', 'Rows read', 'Fired', 'First run', 'Second run', 'Rows/s (first)'],
        scans.map((s) => [
          s.rule,
          s.candidates.toLocaleString('en'),
          String(s.fired),
          `${s.firstSeconds.toFixed(2)} s`,
          `${s.againSeconds.toFixed(2)} s`,
          (s.candidates / s.firstSeconds).toFixed(0),
        ]),
      ),
    );
    return result;
  } finally {
    await client.end();
  }
}
