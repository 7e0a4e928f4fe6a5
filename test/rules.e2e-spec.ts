import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestContext, Transactions } from '@quorum/platform';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import request from 'supertest';
import { RuleEventTrail } from '../libs/business-rules/src/rules/evaluation/rule-event-trail';
import { RuleEvaluationService } from '../libs/business-rules/src/rules/evaluation/rule-evaluation.service';
import { RulesService } from '../libs/business-rules/src/rules/rules.service';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';
import { withClient } from './support/postgres';
import { until } from './support/until';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

describe('business rules', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let member: TokenResponse;

  const as = (who: TokenResponse) => ({
    get: (path: string) => request(t.server).get(`/api/v1${path}`).set(bearer(who)),
    post: (path: string, body: object = {}) => request(t.server).post(`/api/v1${path}`).set(bearer(who)).send(body),
    patch: (path: string, body: object) => request(t.server).patch(`/api/v1${path}`).set(bearer(who)).send(body),
    delete: (path: string) => request(t.server).delete(`/api/v1${path}`).set(bearer(who)),
  });
  const applications = async (ruleId: string) =>
    (await as(owner).get(`/rules/applications?ruleId=${ruleId}&limit=100`).expect(200)).body.items as Record<string, any>[];
  /** Work as a job does it: in the tenant's context. */
  const asJob = <T>(who: TokenResponse, work: () => Promise<T>) =>
    RequestContext.run({ tenantId: who.tenant.id, userId: who.user.id, role: 'owner', sessionId: 'rules:0' }, work);
  const notificationsOf = async (who: TokenResponse) =>
    (await as(who).get('/notifications?limit=100').expect(200)).body.items as Record<string, any>[];

  const overdueRule = {
    name: 'Urgent items overdue by 3 days',
    trigger: { type: 'event', events: ['action_item.updated'] },
    conditions: {
      all: [
        { fact: 'priority', operator: 'equal', value: 'urgent' },
        { fact: 'dueAt', operator: 'olderThan', value: '3d' },
        { fact: 'isOpen', operator: 'equal', value: true },
      ],
    },
    actions: [
      {
        type: 'notify',
        recipients: { facts: ['assigneeUserId', 'meetingOrganizerId'] },
        channels: ['in_app'],
        title: '"{{title}}" is {{daysOverdue}} days overdue',
      },
    ],
  };

  let receiver: Server;
  const received: { headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    // A webhook receiver on a free port.
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } });
    owner = await register(t, { name: 'Olive Owner' });
    member = await addMember(t, owner, 'member', 'mia');
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('is for admins only', async () => {
    expectProblem(await as(member).get('/rules'), 403, 'insufficient-role');
    expectProblem(await as(member).post('/rules', overdueRule), 403, 'insufficient-role');
  });

  it('serves the fact catalogue with its operators', async () => {
    const body = (await as(owner).get('/rules/facts').expect(200)).body;
    const item = body.entities.find((e: any) => e.entity === 'action_item');
    expect(item.events).toEqual(['action_item.created', 'action_item.updated']);
    expect(item.facts).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'daysOverdue', type: 'number' })]));
    const meeting = body.entities.find((e: any) => e.entity === 'meeting');
    expect(meeting.facts).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'hasActionItems', type: 'boolean' })]));
    expect(body.operators.map((o: any) => o.name)).toEqual(expect.arrayContaining(['equal', 'olderThan', 'withinNext', 'contains']));
  });

  it.each([
    ['an unknown fact', { all: [{ fact: 'nope', operator: 'equal', value: 1 }] }, 'conditions.all[0].fact'],
    ['an unknown operator', { all: [{ fact: 'priority', operator: 'like', value: 'x' }] }, 'conditions.all[0].operator'],
    ['an operator of another type', { any: [{ fact: 'title', operator: 'olderThan', value: '3d' }] }, 'conditions.any[0].operator'],
    [
      'a value of the wrong type',
      { all: [{ not: { fact: 'daysOverdue', operator: 'greaterThan', value: '3' } }] },
      'conditions.all[0].not.value',
    ],
    ['a value not among the fact’s', { fact: 'priority', operator: 'in', value: ['urgent', 'critical'] }, 'conditions.value'],
    ['a bad duration', { fact: 'dueAt', operator: 'olderThan', value: '3 months' }, 'conditions.value'],
    ['an empty all', { all: [] }, 'conditions.all'],
    [
      'a json-rules-engine feature we do not take',
      { all: [{ fact: 'title', operator: 'equal', value: 'x', path: '$.a' }] },
      'conditions.all[0].path',
    ],
  ])('refuses %s with 422 naming the path', async (_, conditions, field) => {
    const res = await as(owner).post('/rules', { ...overdueRule, conditions });
    expectProblem(res, 422, 'invalid-rule');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('refuses conditions nested too deep, bad triggers and bad actions', async () => {
    let deep: object = { fact: 'title', operator: 'equal', value: 'x' };
    for (let i = 0; i < 200; i++) deep = { not: deep };
    const nested = await as(owner).post('/rules', { ...overdueRule, conditions: deep });
    expect([400, 422]).toContain(nested.status);
    const cases: [object, string][] = [
      [{ trigger: { type: 'event', events: ['action_item.updated', 'meeting.completed'] } }, 'trigger.events'],
      [{ trigger: { type: 'schedule', entity: 'action_item', cron: '* * * * * *', timezone: 'UTC' } }, 'trigger.cron'],
      [{ trigger: { type: 'schedule', entity: 'action_item', cron: '0 9 * * *', timezone: 'Mars/Olympus' } }, 'trigger.timezone'],
      [{ trigger: { type: 'schedule', entity: 'action_item', everyMinutes: 0 } }, 'trigger.everyMinutes'],
      [{ actions: [{ type: 'notify', recipients: { facts: ['title'] }, title: 'x' }] }, 'actions[0].recipients.facts[0]'],
      [{ actions: [{ type: 'notify', recipients: { roles: ['admin'] }, title: 'Hi {{nobody}}' }] }, 'actions[0].title'],
      [{ actions: [{ type: 'tag_meeting', tag: '' }] }, 'actions[0].tag'],
      [{ actions: [{ type: 'webhook', webhookId: '00000000-0000-4000-8000-000000000000' }] }, 'actions[0].webhookId'],
      [{ actions: [{ type: 'launch_rocket' }] }, 'actions[0].type'],
    ];
    for (const [change, field] of cases) {
      const res = await as(owner).post('/rules', { ...overdueRule, ...change });
      expectProblem(res, 422, 'invalid-rule');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expectProblem(await as(owner).post('/rules', { ...overdueRule, conditions: 'all' }), 400);
    expectProblem(await as(owner).post('/rules', { ...overdueRule, actions: {} }), 400);
  });

  it('fires an event rule once per event, explains it, and notifies the assignee and the organiser', async () => {
    const rule = (await as(owner).post('/rules', overdueRule).expect(201)).body;
    expect(rule).toMatchObject({ enabled: true, activeVersion: 1, latestVersion: 1, entity: 'action_item' });
    const meeting = (await as(owner).post('/meetings', { title: 'Customer call' }).expect(201)).body;
    const item = (
      await as(owner)
        .post('/action-items', { title: 'Send the contract', assigneeUserId: member.user.id, dueAt: daysAgo(5), meetingId: meeting.id })
        .expect(201)
    ).body;
    // Not urgent yet: evaluated, no firing.
    await as(owner).patch(`/action-items/${item.id}`, { description: 'still pending' }).expect(200);
    await as(owner).patch(`/action-items/${item.id}`, { priority: 'urgent' }).expect(200);
    const [fired] = await until('the rule to fire', async () => {
      const list = await applications(rule.id);
      return list.length && list[0].status !== 'running' ? list : undefined;
    });
    expect(fired).toMatchObject({ status: 'fired', trigger: 'action_item.updated', entityId: item.id, ruleVersion: 1 });
    expect(fired.conditions).toEqual([
      { path: 'conditions.all[0]', fact: 'priority', operator: 'equal', expected: 'urgent', actual: 'urgent', result: true },
      expect.objectContaining({ fact: 'dueAt', operator: 'olderThan', expected: '3d', result: true }),
      expect.objectContaining({ fact: 'isOpen', actual: true, result: true }),
    ]);
    expect(fired.actions).toEqual([{ type: 'notify', ok: true, detail: { notified: 2 } }]);
    const note = (await until('the assignee’s notification', async () =>
      (await notificationsOf(member)).find((n) => n.type === 'rule.fired'),
    ))!;
    expect(note.title).toBe('"Send the contract" is 5 days overdue');
    expect((await notificationsOf(owner)).filter((n) => n.type === 'rule.fired')).toHaveLength(1);

    // The same event evaluated again (a retried job, a second worker) fires nothing more.
    const evaluation = t.app.get(RuleEvaluationService);
    const again = await asJob(owner, () => evaluation.runEvent(owner.tenant.id, fired.eventId));
    expect(again).toEqual({ rules: 1, fired: 0 });
    expect(await applications(rule.id)).toHaveLength(1);
    expect((await notificationsOf(member)).filter((n) => n.type === 'rule.fired')).toHaveLength(1);

    // Dry run on the item as it is now, and on the logged event; nothing acts.
    const dry = (await as(owner).post(`/rules/${rule.id}/dry-run`, { entityId: item.id }).expect(200)).body;
    expect(dry).toMatchObject({
      matched: true,
      version: 1,
      entityId: item.id,
      facts: expect.objectContaining({ daysOverdue: 5, meetingTitle: 'Customer call' }),
    });
    expect(dry.actions[0].action.title).toBe('"Send the contract" is 5 days overdue');
    const dryEvent = (await as(owner).post(`/rules/${rule.id}/dry-run`, { eventId: fired.eventId }).expect(200)).body;
    expect(dryEvent.matched).toBe(true);
    expectProblem(await as(owner).post(`/rules/${rule.id}/dry-run`, {}), 400);
    expectProblem(await as(owner).post(`/rules/${rule.id}/dry-run`, { entityId: meeting.id }), 404);
    expect(await applications(rule.id)).toHaveLength(1);

    // Replay over the trail: the two updates were logged; one would fire, and did.
    const replay = (
      await as(owner)
        .post(`/rules/${rule.id}/replay`, { from: daysAgo(1), to: daysAgo(-1) })
        .expect(200)
    ).body;
    expect(replay).toMatchObject({ version: 1, evaluated: 2, skipped: 0, truncated: false });
    expect(replay.wouldFire).toEqual([expect.objectContaining({ eventId: fired.eventId, entityId: item.id, alreadyFired: true })]);
    expectProblem(await as(owner).post(`/rules/${rule.id}/replay`, { from: daysAgo(0), to: daysAgo(1) }), 400);
  });

  it('versions every change, keeps versions immutable, rolls back, and audits', async () => {
    const rule = (
      await as(owner)
        .post('/rules', { ...overdueRule, name: 'Versioned' })
        .expect(201)
    ).body;
    const changed = (
      await as(owner)
        .patch(`/rules/${rule.id}`, { conditions: { fact: 'priority', operator: 'in', value: ['high', 'urgent'] } })
        .set('If-Match', `"${rule.version}"`)
        .expect(200)
    ).body;
    expect(changed).toMatchObject({
      activeVersion: 2,
      latestVersion: 2,
      conditions: { fact: 'priority', operator: 'in', value: ['high', 'urgent'] },
    });
    expectProblem(await as(owner).patch(`/rules/${rule.id}`, { name: 'stale' }).set('If-Match', `"${rule.version}"`), 412);
    // Turning it off is no new version.
    const off = (await as(owner).patch(`/rules/${rule.id}`, { enabled: false }).expect(200)).body;
    expect(off).toMatchObject({ enabled: false, activeVersion: 2, latestVersion: 2 });
    const versions = (await as(owner).get(`/rules/${rule.id}/versions`).expect(200)).body.items;
    expect(versions.map((v: any) => [v.number, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(versions[1].conditions).toEqual(overdueRule.conditions);
    const back = (await as(owner).post(`/rules/${rule.id}/activate`, { version: 1 }).expect(200)).body;
    expect(back).toMatchObject({ activeVersion: 1, latestVersion: 2, conditions: overdueRule.conditions });
    expectProblem(await as(owner).post(`/rules/${rule.id}/activate`, { version: 9 }), 404);
    const audit = (await as(owner).get('/audit-logs?limit=100').expect(200)).body.items as any[];
    expect(audit.filter((a) => a.entityId === rule.id).map((a) => a.action)).toEqual(
      expect.arrayContaining(['rule.created', 'rule.updated', 'rule.version_activated']),
    );
    await as(owner).delete(`/rules/${rule.id}`).expect(204);
    expectProblem(await as(owner).get(`/rules/${rule.id}`), 404);
  });

  it('records failing actions, keeps other rules running, and pauses a rule that keeps failing', async () => {
    const stranger = '00000000-0000-4000-8000-000000000001';
    const breaking = (
      await as(owner)
        .post('/rules', {
          name: 'Assign to someone who is not a member',
          trigger: { type: 'event', events: ['action_item.updated'] },
          conditions: { fact: 'title', operator: 'equal', value: 'Flaky' },
          actions: [{ type: 'update_action_item', assigneeUserId: stranger }],
        })
        .expect(201)
    ).body;
    const working = (
      await as(owner)
        .post('/rules', {
          name: 'Raise flaky items',
          trigger: { type: 'event', events: ['action_item.updated'] },
          conditions: { fact: 'title', operator: 'equal', value: 'Flaky' },
          actions: [{ type: 'update_action_item', priority: 'high' }],
        })
        .expect(201)
    ).body;
    const item = (await as(owner).post('/action-items', { title: 'Flaky' }).expect(201)).body;
    for (let i = 1; i <= 5; i++) {
      await as(owner)
        .patch(`/action-items/${item.id}`, { description: `try ${i}` })
        .expect(200);
      await until(`failure ${i}`, async () => (await applications(breaking.id)).filter((a) => a.status !== 'running').length >= i);
    }
    const failures = await applications(breaking.id);
    expect(failures.every((a) => a.status === 'failed' && /update_action_item: 422 assigneeUserId must be a member/.test(a.error))).toBe(
      true,
    );
    const paused = await until('the rule to be paused', async () => {
      const r = (await as(owner).get(`/rules/${breaking.id}`).expect(200)).body;
      return r.enabled ? undefined : r;
    });
    expect(paused.pausedReason).toMatch(/paused after 5 failed evaluations/);
    const audit = (await as(owner).get('/audit-logs?limit=100').expect(200)).body.items as any[];
    expect(audit.find((a) => a.entityId === breaking.id && a.action === 'rule.paused')).toMatchObject({ actorUserId: null });
    await until('the admins to be told', async () =>
      (await notificationsOf(owner)).find((n) => n.type === 'rule.paused' && n.data.ruleId === breaking.id),
    );
    // The other rule ran meanwhile, and its own change did not make it fire again and again.
    const raised = await applications(working.id);
    expect(raised[raised.length - 1]).toMatchObject({ status: 'fired', actions: [expect.objectContaining({ ok: true })] });
    expect((await as(owner).get(`/action-items/${item.id}`).expect(200)).body.priority).toBe('high');
    // Paused, it is evaluated no more.
    const before = (await applications(breaking.id)).length;
    expect(before).toBeGreaterThanOrEqual(5);
    await as(owner).patch(`/action-items/${item.id}`, { description: 'after the pause' }).expect(200);
    await until('the working rule to see the change', async () => (await applications(working.id)).length > raised.length);
    expect(await applications(breaking.id)).toHaveLength(before);
  });

  it('flags a customer call whose analysis found no action items, and scans scheduled rules over candidate rows only', async () => {
    // As docs/rules.md has it: on analysis.completed, since at meeting.completed the analysis has not made the items yet.
    const flag = (
      await as(owner)
        .post('/rules', {
          name: 'Customer calls need action items',
          trigger: { type: 'event', events: ['analysis.completed'] },
          conditions: {
            all: [
              { fact: 'tags', operator: 'contains', value: 'customer' },
              { fact: 'hasActionItems', operator: 'equal', value: false },
            ],
          },
          actions: [{ type: 'tag_meeting', tag: 'needs-follow-up' }],
        })
        .expect(201)
    ).body;
    const completedCall = async (title: string, transcript: string) => {
      const call = (
        await as(owner)
          .post('/meetings', { title, tags: ['customer'], status: 'live' })
          .expect(201)
      ).body;
      await request(t.server)
        .post(`/api/v1/meetings/${call.id}/transcript`)
        .set(bearer(owner))
        .set('Content-Type', 'text/plain')
        .send(transcript)
        .expect(201);
      await as(owner).patch(`/meetings/${call.id}`, { status: 'completed' }).expect(200);
      return call.id as string;
    };
    const withItems = await completedCall(
      'Globex call',
      // No due date: the scheduled scan below counts the tenant's items due within two days, and "by Friday" is, on a Wednesday.
      'Ada: Bob, can you send Globex the signed contract?\nBob: Sure, I will send them the signed contract.',
    );
    const without = await completedCall(
      'ACME call',
      'Ada: Thanks for walking us through the new pricing page.\nBob: Glad it helped, the customers liked the cleaner layout.',
    );
    await until('the call without action items to be flagged', async () =>
      (await as(owner).get(`/meetings/${without}`).expect(200)).body.tags.includes('needs-follow-up'),
    );
    expect((await applications(flag.id)).find((a) => a.entityId === without)?.conditions).toEqual([
      expect.objectContaining({ fact: 'tags', actual: ['customer'], result: true }),
      expect.objectContaining({ fact: 'hasActionItems', actual: false, result: true }),
    ]);
    // The call whose analysis made an item was judged with it, and is left alone.
    await until('the other call to be analysed', async () => (await as(owner).get(`/meetings/${withItems}/analysis`)).status === 200);
    expect((await as(owner).post(`/rules/${flag.id}/dry-run`, { entityId: withItems }).expect(200)).body).toMatchObject({
      matched: false,
      facts: expect.objectContaining({ hasActionItems: true }),
    });
    expect((await applications(flag.id)).map((a) => a.entityId)).toEqual([without]);
    expect((await as(owner).get(`/meetings/${withItems}`).expect(200)).body.tags).toEqual(['customer']);

    const scheduled = (
      await as(owner)
        .post('/rules', {
          name: 'Nudge on items due soon',
          enabled: false,
          trigger: { type: 'schedule', entity: 'action_item', cron: '0 9 * * 1-5', timezone: 'Europe/Paris' },
          conditions: {
            all: [
              { fact: 'dueAt', operator: 'withinNext', value: '2d' },
              { fact: 'isOpen', operator: 'equal', value: true },
            ],
          },
          actions: [{ type: 'notify', recipients: { roles: ['owner'] }, channels: ['in_app'], title: '{{title}} is due soon' }],
        })
        .expect(201)
    ).body;
    await as(owner)
      .post('/action-items', { title: 'Due tomorrow', dueAt: daysAgo(-1) })
      .expect(201);
    await as(owner)
      .post('/action-items', { title: 'Due next month', dueAt: daysAgo(-30) })
      .expect(201);
    const version = (await as(owner).get(`/rules/${scheduled.id}/versions`).expect(200)).body.items[0];
    await as(owner).patch(`/rules/${scheduled.id}`, { enabled: true }).expect(200);
    const evaluation = t.app.get(RuleEvaluationService);
    const run = () => asJob(owner, () => evaluation.runSchedule(owner.tenant.id, scheduled.id, version.id, Date.now()));
    // Only the item due within the window is read (the SQL filter), and it fires once however often the scan runs.
    expect(await run()).toEqual({ scanned: 1, matched: 1, fired: 1 });
    expect(await run()).toEqual({ scanned: 1, matched: 1, fired: 0 });
    await until('the owner’s nudge', async () => (await notificationsOf(owner)).find((n) => n.title === 'Due tomorrow is due soon'));
    // A tick of a version no longer in force does nothing.
    await as(owner).patch(`/rules/${scheduled.id}`, { name: 'Renamed' }).expect(200);
    expect(await run()).toMatchObject({ fired: 0, skipped: 'stale schedule' });
    const replay = await as(owner).post(`/rules/${scheduled.id}/replay`, { from: daysAgo(1), to: daysAgo(0) });
    expectProblem(replay, 422, 'invalid-rule');
  });

  it("runs a new scheduled rule's first tick even when a worker takes it before the rule's change commits", async () => {
    await as(owner)
      .post('/action-items', { title: 'Ship the patch', priority: 'urgent', dueAt: daysAgo(4) })
      .expect(201);
    // The scheduler queues the first tick at once, inside the change's transaction; this one stays open 3 s, time for
    // this process's worker to take the tick. The tick must wait for the commit rather than find no rule and be lost.
    const rule = await asJob(owner, () =>
      t.app.get(Transactions).run(async () => {
        const created = await t.app.get(RulesService).create({
          name: 'Urgent and late, at once',
          trigger: { type: 'schedule', entity: 'action_item', everyMinutes: 60, timezone: 'UTC' },
          conditions: { all: [{ fact: 'title', operator: 'equal', value: 'Ship the patch' }] },
          actions: [{ type: 'notify', recipients: { roles: ['owner'] }, channels: ['in_app'], title: '{{title}} ticked' }],
        } as never);
        await new Promise((resolve) => setTimeout(resolve, 3000));
        return created;
      }),
    );
    await until('the first tick to fire', async () => (await applications(rule.id)).length > 0, 20_000, 250);
  });

  it('calls a webhook, signed, and creates a follow-up action item for the assignee', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rules`;
    const hook = (
      await as(owner)
        .post('/webhooks', { url, eventTypes: ['meeting.completed'] })
        .expect(201)
    ).body;
    const rule = (
      await as(owner)
        .post('/rules', {
          name: 'Escalate blocked items',
          trigger: { type: 'event', events: ['action_item.created'] },
          conditions: { fact: 'title', operator: 'equal', value: 'Blocked by legal' },
          actions: [
            { type: 'webhook', webhookId: hook.id },
            { type: 'create_action_item', title: 'Unblock: {{title}}', assigneeFact: 'assigneeUserId', priority: 'high', dueInDays: 2 },
            { type: 'tag_meeting', tag: 'blocked' },
          ],
        })
        .expect(201)
    ).body;
    const meeting = (
      await as(owner)
        .post('/meetings', { title: 'Legal sync', tags: ['legal'] })
        .expect(201)
    ).body;
    const item = (
      await as(owner)
        .post('/action-items', { title: 'Blocked by legal', assigneeUserId: member.user.id, meetingId: meeting.id })
        .expect(201)
    ).body;
    const [fired] = await until('the rule to fire', async () => {
      const list = await applications(rule.id);
      return list.length && list[0].status !== 'running' ? list : undefined;
    });
    expect(fired.status).toBe('fired');
    const created = fired.actions[1].detail.actionItemId as string;
    expect((await as(owner).get(`/action-items/${created}`).expect(200)).body).toMatchObject({
      title: 'Unblock: Blocked by legal',
      assigneeUserId: member.user.id,
      priority: 'high',
      createdBy: owner.user.id,
      meetingId: meeting.id,
    });
    // The item's meeting got the tag, beside the tags it had.
    expect((await as(owner).get(`/meetings/${meeting.id}`).expect(200)).body.tags).toEqual(['legal', 'blocked']);
    const delivery = await until('the webhook delivery', async () => received.find((r) => r.body.includes(item.id)));
    const payload = new StandardWebhook(hook.secret as string).verify(delivery.body, {
      'webhook-id': String(delivery.headers['webhook-id']),
      'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
      'webhook-signature': String(delivery.headers['webhook-signature']),
    }) as Record<string, any>;
    expect(payload).toMatchObject({ type: 'rule.fired', data: { ruleId: rule.id, entityType: 'action_item', entityId: item.id } });
  });

  it('counts evaluations and actions in /metrics', async () => {
    const text = (await request(t.server).get('/metrics').expect(200)).text;
    expect(text).toMatch(/quorum_rule_evaluations_total\{trigger="event",outcome="matched"\} [1-9]/);
    expect(text).toMatch(/quorum_rule_actions_total\{type="notify",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/quorum_rule_actions_total\{type="update_action_item",outcome="failed"\} [1-9]/);
    expect(text).toMatch(/quorum_rules_paused_total [1-9]/);
    expect(text).toMatch(/quorum_rule_run_seconds_count\{trigger="event"\} [1-9]/);
  });

  it('lists applications with filters, and keeps tenants apart', async () => {
    const other = await register(t, { name: 'Other Owner' });
    expect((await as(other).get('/rules/applications').expect(200)).body.items).toEqual([]);
    const [first] = (await as(owner).get('/rules/applications?status=fired&limit=1').expect(200)).body.items;
    expect(first.status).toBe('fired');
    expectProblem(await as(other).get(`/rules/${first.ruleId}`), 404);
    expectProblem(await as(owner).get('/rules/applications?status=nope'), 400);
    const count = () =>
      withClient(t.database.url, async (db) => (await db.query('SELECT count(*)::int AS n FROM rule_events')).rows[0].n as number);
    const logged = await count();
    expect(logged).toBeGreaterThan(5);
    // Past the retention, the daily job prunes them; recent ones stay.
    await withClient(t.database.url, (db) =>
      db.query(
        `INSERT INTO rule_events (id, tenant_id, type, entity_id, occurred_at, data)
         SELECT gen_random_uuid(), $1, 'action_item.updated', gen_random_uuid(), now() - interval '91 days', '{}' FROM generate_series(1, 3)`,
        [owner.tenant.id],
      ),
    );
    expect(await t.app.get(RuleEventTrail).prune()).toBe(3);
    expect(await count()).toBe(logged);
  });
});
