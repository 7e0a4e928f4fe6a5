import { randomUUID } from 'node:crypto';
import { OutboundHttp, type AppConfig } from '@quorum/platform';
import { CircuitBreaker } from '../libs/data-sync/src/connectors/circuit-breaker';
import {
  type ActionItemFields,
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type RemoteRecord,
} from '../libs/data-sync/src/connectors/connector';
import { JIRA_PAGE_SIZE, JiraConnector } from '../libs/data-sync/src/connectors/jira/jira.connector';
import { SOURCE_HTTP_DEFAULTS, SourceHttp } from '../libs/data-sync/src/connectors/source-http';
import { TokenBucket } from '../libs/data-sync/src/connectors/token-bucket';
import { JiraServer } from './support/jira-server';

const MINUTE = 60_000;
/** 15:00 UTC = 10:00 in New York (EST), the searching user's zone. */
const T0 = Date.parse('2026-11-20T15:00:00.000Z');
const ADA = '5b10ac8d82e05b22cc7d4ef5';
const GRACE = '5b10a2844c20165700ede21g';
const OLGA = '712020:outsider-0001';

describe('data sync: the Jira Cloud connector (against a local Jira REST API v3)', () => {
  const connector = new JiraConnector();
  const outbound = new OutboundHttp({ outboundAllowPrivateNetworks: true } as AppConfig);
  let server: JiraServer;
  let clock: number;
  /** Every log line and error message the connector produced, to grep for the credentials. */
  const said: string[] = [];

  const settings = (extra: Record<string, unknown> = {}) => ({
    siteUrl: server.url,
    projectKey: 'OPS',
    assignees: { 'ada@example.com': ADA, 'Grace@Example.com': GRACE },
    cancelledStatus: "Won't Do",
    ...extra,
  });
  const context = (options: { settings?: Record<string, unknown>; credentials?: Record<string, string> | null } = {}): ConnectorContext => {
    const signal = new AbortController().signal;
    const http = new SourceHttp(outbound, new CircuitBreaker(), new TokenBucket(60_000), signal, {
      ...SOURCE_HTTP_DEFAULTS,
      backoffMs: 10,
    });
    return {
      sourceId: randomUUID(),
      settings: options.settings ?? settings(),
      credentials: options.credentials === undefined ? { email: server.email, apiToken: server.apiToken } : options.credentials,
      signal,
      http,
    };
  };
  /** Reads pages from `state`, stopping after `limit` pages (a run killed there). */
  const read = async (state: Record<string, unknown> | null, limit = Infinity, ctx = context()) => {
    const pages: ConnectorPage[] = [];
    try {
      for await (const page of connector.read(ctx, 'issues', state)) {
        pages.push(page);
        said.push(...(page.log ?? []));
        if (pages.length >= limit) break;
      }
    } catch (error) {
      said.push((error as Error).message);
      throw error;
    }
    const records = pages.flatMap((p) => p.records) as RemoteRecord<ActionItemFields>[];
    return { pages, records, checkpoint: pages.at(-1)!.checkpoint, keys: records.map((r) => r.externalId) };
  };
  const failure = async (promise: Promise<unknown>): Promise<ConnectorError> => {
    try {
      await promise;
    } catch (error) {
      said.push((error as Error).message);
      expect(error).toBeInstanceOf(ConnectorError);
      return error as ConnectorError;
    }
    throw new Error('expected a ConnectorError');
  };
  const searches = () => server.requests.filter((r) => r.url.startsWith('/rest/api/3/search/jql'));
  const jqlOf = (url: string) => new URL(url, 'http://x').searchParams.get('jql');

  beforeEach(async () => {
    server = new JiraServer('OPS');
    clock = T0;
    server.now = () => clock;
    await server.start();
  });
  afterEach(() => server.stop());

  afterAll(() => {
    const secrets = [
      'ATATT3xFfGF0-jira-api-token-s3cr3t',
      'oauth-access-token-s3cr3t',
      Buffer.from('bot@example.com:ATATT3xFfGF0-jira-api-token-s3cr3t').toString('base64'),
    ];
    expect(said.length).toBeGreaterThan(10);
    for (const line of said) for (const secret of secrets) expect(line).not.toContain(secret);
  });

  /** Four issues people made in Jira an hour or more ago. */
  const seed = () => {
    server.addIssue({
      summary: 'Draft the budget',
      description: 'Numbers for Q1',
      status: 'In Progress',
      assigneeId: ADA,
      duedate: '2026-12-01',
      at: T0 - 180 * MINUTE,
    });
    server.addIssue({ summary: 'Book the venue', status: 'To Do', assigneeId: OLGA, at: T0 - 120 * MINUTE });
    server.addIssue({ summary: 'Old idea', status: "Won't Do", assigneeId: GRACE, at: T0 - 90 * MINUTE });
    server.addIssue({ summary: 'Send minutes', status: 'Done', at: T0 - 60 * MINUTE });
  };

  it('reads the whole project first, normalising status categories, assignees, ADF descriptions and due dates', async () => {
    seed();
    const { pages, records, checkpoint } = await read(null);
    expect(pages).toHaveLength(1);
    expect(pages[0].last).toBe(true);
    expect(records.map((r) => [r.externalId, r.fields])).toEqual([
      [
        'OPS-1',
        {
          title: 'Draft the budget',
          description: 'Numbers for Q1',
          status: 'in_progress',
          assigneeEmail: 'ada@example.com',
          assigneeName: 'Ada Lovelace',
          dueAt: '2026-12-01T00:00:00.000Z',
        },
      ],
      // Not in the map, but this user shows the address.
      [
        'OPS-2',
        {
          title: 'Book the venue',
          description: null,
          status: 'open',
          assigneeEmail: 'olga@elsewhere.example',
          assigneeName: 'Olga Outsider',
          dueAt: null,
        },
      ],
      // The map's keys are compared in lower case.
      [
        'OPS-3',
        {
          title: 'Old idea',
          description: null,
          status: 'cancelled',
          assigneeEmail: 'grace@example.com',
          assigneeName: 'Grace Hopper',
          dueAt: null,
        },
      ],
      ['OPS-4', { title: 'Send minutes', description: null, status: 'done', assigneeEmail: null, assigneeName: null, dueAt: null }],
    ]);
    expect(records[0].version).toBe(new Date(T0 - 180 * MINUTE).toISOString().replace('Z', '+0000'));
    expect(records[0].updatedAt).toEqual(new Date(T0 - 180 * MINUTE));
    expect(records[0].originLocalId).toBeNull();
    expect(records[0].raw).toMatchObject({ key: 'OPS-1', status: 'In Progress', statusCategory: 'indeterminate', assigneeAccountId: ADA });
    expect(jqlOf(searches()[0].url)).toBe('project = OPS ORDER BY updated ASC, key ASC');
    // Jira's clock less the index lag, not ours.
    expect(checkpoint).toEqual({ cursor: new Date(T0 - MINUTE).toISOString() });
  });

  it('then reads only what changed, writing the cursor as wall-clock time in the user’s zone (re-reading its minute)', async () => {
    seed();
    const first = await read(null);
    clock = T0 + 10 * MINUTE;
    server.change('OPS-2', { status: 'In Progress', assigneeId: ADA });
    const second = await read(first.checkpoint);
    // 14:59 UTC is 09:59 in New York: read as UTC, the search would start five hours late and miss OPS-2.
    expect(jqlOf(searches().at(-1)!.url)).toBe('project = OPS AND updated >= "2026-11-20 09:59" ORDER BY updated ASC, key ASC');
    expect(second.keys).toEqual(['OPS-2']);
    expect(second.records[0].fields).toMatchObject({ status: 'in_progress', assigneeEmail: 'ada@example.com' });
    expect(second.checkpoint).toEqual({ cursor: new Date(T0 + 9 * MINUTE).toISOString() });

    // Nothing changed: an empty last page, and the cursor follows Jira's clock.
    clock = T0 + 30 * MINUTE;
    const third = await read(second.checkpoint);
    expect(third.keys).toEqual(['OPS-2']); // its minute is re-read (the engine's hash sees no change)
    clock = T0 + 31 * MINUTE;
    const fourth = await read(third.checkpoint);
    expect(fourth.keys).toEqual([]);
    expect(fourth.pages[0].last).toBe(true);
  });

  it('reads 14 hours further back, in UTC, when Jira does not say the user’s time zone', async () => {
    server.timeZone = 'Pacific/Honolulu'; // UTC−10: a cursor written in UTC would be read ten hours late
    server.hideTimeZone = true;
    seed();
    const first = await read(null);
    clock = T0 + 10 * MINUTE;
    server.change('OPS-4', { summary: 'Send the minutes' });
    const second = await read(first.checkpoint);
    expect(jqlOf(searches().at(-1)!.url)).toBe('project = OPS AND updated >= "2026-11-20 00:59" ORDER BY updated ASC, key ASC');
    expect(second.keys).toEqual(['OPS-1', 'OPS-2', 'OPS-3', 'OPS-4']);
    expect(second.pages[0].log?.join(' ')).toMatch(/time zone is unknown/);
  });

  it('pages with nextPageToken and resumes a killed run from the page it stopped at, losing none of the same-minute issues', async () => {
    const count = JIRA_PAGE_SIZE * 2 + 30;
    for (let i = 0; i < count; i++) server.addIssue({ summary: `Task ${i}`, at: T0 - 30 * MINUTE });
    const killed = await read(null, 1);
    expect(killed.records).toHaveLength(JIRA_PAGE_SIZE);
    expect(killed.pages[0].last).toBe(false);
    const mid = killed.checkpoint as { cursor: unknown; search: { token: string; since: unknown } };
    expect(mid.cursor).toBeNull();
    expect(mid.search.token).toEqual(expect.any(String));
    const resumed = await read(killed.checkpoint);
    expect(resumed.pages.map((p) => [p.records.length, p.last])).toEqual([
      [JIRA_PAGE_SIZE, false],
      [30, true],
    ]);
    expect(new Set([...killed.keys, ...resumed.keys]).size).toBe(count);
    expect(searches().filter((r) => new URL(r.url, 'http://x').searchParams.has('nextPageToken'))).toHaveLength(2);
  });

  it('searches again from the same start when Jira refuses an expired page token', async () => {
    for (let i = 0; i < JIRA_PAGE_SIZE + 5; i++) server.addIssue({ summary: `Task ${i}`, at: T0 - 30 * MINUTE });
    const killed = await read(null, 1);
    server.expirePageTokens();
    const resumed = await read(killed.checkpoint);
    expect(searches().some((r) => r.status === 400)).toBe(true);
    expect(resumed.pages[0].log?.join(' ')).toMatch(/refused the stored page token/);
    expect(resumed.records).toHaveLength(JIRA_PAGE_SIZE + 5);
    expect(resumed.checkpoint).toEqual({ cursor: new Date(T0 - MINUTE).toISOString() });
  });

  it('keeps the old cursor when an issue changed during the search (it may have shifted a page), so the next run finds all', async () => {
    const count = JIRA_PAGE_SIZE + 20;
    for (let i = 0; i < count; i++) server.addIssue({ summary: `Task ${i}`, at: T0 - 30 * MINUTE });
    const firstPage = await read(null, 1);
    clock = T0 + 2 * MINUTE;
    server.change('OPS-1', { summary: 'Task 0 (edited)' }); // moves to the end: every later issue shifts one place left
    const rest = await read(firstPage.checkpoint);
    const seen = new Set([...firstPage.keys, ...rest.keys]);
    expect(seen.size).toBe(count - 1); // the live result shifted under the offset: one issue was skipped this time
    expect(rest.checkpoint).toEqual({ cursor: null });
    expect(rest.pages.at(-1)!.log?.join(' ')).toMatch(/reads this range again/);
    const again = await read(rest.checkpoint);
    for (const key of again.keys) seen.add(key);
    expect(seen.size).toBe(count);
  });

  it('reads everything again, saying so, when the stored state is unreadable', async () => {
    seed();
    const { pages, keys } = await read({ cursor: 'yesterday-ish' });
    expect(pages[0].reset).toBe(true);
    expect(keys).toHaveLength(4);
    expect(jqlOf(searches()[0].url)).toBe('project = OPS ORDER BY updated ASC, key ASC');
  });

  it('creates an issue with the marker and link in its ADF description, transitions it, and the echo equals the result', async () => {
    const localId = randomUUID();
    const link = `https://quorum.example.com/action-items/${localId}`;
    const result = await connector.push(context(), 'issues', {
      localId,
      externalId: null,
      version: null,
      link,
      fields: {
        title: 'Prepare the offsite',
        description: 'Line one\nLine two\n\nSecond paragraph',
        status: 'in_progress',
        assigneeEmail: 'ADA@example.com',
        assigneeName: 'Ada',
        dueAt: '2026-12-24T00:00:00.000Z',
      },
    });
    expect(result.externalId).toBe('OPS-1');
    const issue = server.issue('OPS-1');
    expect(server.statusOf('OPS-1').name).toBe('In Progress');
    expect(issue).toMatchObject({ summary: 'Prepare the offsite', assigneeId: ADA, duedate: '2026-12-24', issueType: 'Task' });
    expect(issue.description).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Line one' }, { type: 'hardBreak' }, { type: 'text', text: 'Line two' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Second paragraph' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Open in Quorum: ' },
            { type: 'text', text: link, marks: [{ type: 'link', attrs: { href: link } }] },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: `quorum-id: ${localId}` }] },
      ],
    });
    expect(result.fields).toEqual({
      title: 'Prepare the offsite',
      description: 'Line one\nLine two\n\nSecond paragraph',
      status: 'in_progress',
      assigneeEmail: 'ada@example.com',
      assigneeName: 'Ada Lovelace',
      dueAt: '2026-12-24T00:00:00.000Z',
    });
    const transitionPosts = server.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/transitions'));
    expect(transitionPosts.map((r) => JSON.parse(r.body))).toEqual([{ transition: { id: '12' } }]);

    const echo = await read(null);
    expect(echo.records).toHaveLength(1);
    expect(echo.records[0]).toMatchObject({ externalId: result.externalId, version: result.version, originLocalId: localId });
    expect(echo.records[0].fields).toEqual(result.fields);
  });

  it('updates fields and status (done, cancelled as the named status, reopened), and leaves an unmapped assignee alone', async () => {
    const localId = randomUUID();
    const base = { localId, version: null, link: 'https://quorum.example.com/a/1' };
    const fields: ActionItemFields = {
      title: 'Fix the printer',
      description: null,
      status: 'open',
      assigneeEmail: null,
      assigneeName: null,
      dueAt: null,
    };
    const created = await connector.push(context(), 'issues', { ...base, externalId: null, fields });
    expect(server.requests.some((r) => r.url.endsWith('/transitions'))).toBe(false); // a new issue is already To Do

    clock = T0 + MINUTE;
    const done = await connector.push(context(), 'issues', {
      ...base,
      externalId: created.externalId,
      fields: {
        ...fields,
        title: 'Fix the printer on floor 2',
        status: 'done',
        assigneeEmail: 'grace@example.com',
        dueAt: '2026-12-02T15:30:00.000Z',
      },
    });
    expect(server.statusOf(created.externalId).name).toBe('Done');
    expect(done.fields).toEqual({
      title: 'Fix the printer on floor 2',
      description: null,
      status: 'done',
      assigneeEmail: 'grace@example.com',
      assigneeName: 'Grace Hopper',
      dueAt: '2026-12-02T00:00:00.000Z',
    });
    expect(done.version).not.toBe(created.version);
    expect(server.descriptionText(created.externalId)).toContain(`quorum-id: ${localId}`);

    const cancelled = await connector.push(context(), 'issues', {
      ...base,
      externalId: created.externalId,
      fields: { ...done.fields, status: 'cancelled', assigneeEmail: 'nobody@example.com', assigneeName: 'Nobody' },
    });
    expect(server.statusOf(created.externalId).name).toBe("Won't Do");
    expect(cancelled.fields).toMatchObject({ status: 'cancelled', assigneeEmail: 'grace@example.com' });

    const reopened = await connector.push(context(), 'issues', {
      ...base,
      externalId: created.externalId,
      fields: { ...cancelled.fields, status: 'open', assigneeEmail: null, assigneeName: null },
    });
    expect(server.statusOf(created.externalId).name).toBe('To Do');
    expect(reopened.fields).toMatchObject({ status: 'open', assigneeEmail: null, assigneeName: null });
    const echo = await read(null);
    expect(echo.records[0].fields).toEqual(reopened.fields);
    expect(echo.records[0].version).toBe(reopened.version);
  });

  it('says so when the workflow offers no transition to the wanted status, and when the issue is gone', async () => {
    server.transitionsFrom.set(server.status('To Do').id, [server.status('In Progress').id]);
    const issue = server.addIssue({ summary: 'Guarded' });
    const fields: ActionItemFields = {
      title: 'Guarded',
      description: null,
      status: 'done',
      assigneeEmail: null,
      assigneeName: null,
      dueAt: null,
    };
    const error = await failure(
      connector.push(context(), 'issues', { localId: randomUUID(), externalId: issue.key, version: null, link: 'https://q/1', fields }),
    );
    expect(error.message).toMatch(/OPS-1: its workflow offers no transition to a status in category Done now \(offered: In Progress\)/);
    server.deleteIssue(issue.key);
    const gone = await failure(
      connector.push(context(), 'issues', { localId: randomUUID(), externalId: issue.key, version: null, link: 'https://q/1', fields }),
    );
    expect(gone.message).toMatch(/OPS-1 no longer exists/);
  });

  it('finds an issue it pushed by the marker only (a mere mention of the id does not count)', async () => {
    const localId = randomUUID();
    const other = randomUUID();
    server.addIssue({ summary: 'Mentions it', description: `Related to ${localId} and ${other}` });
    expect(await connector.findPushed(context(), 'issues', other)).toBeNull();
    const pushed = await connector.push(context(), 'issues', {
      localId,
      externalId: null,
      version: null,
      link: 'https://q/2',
      fields: { title: 'Pushed', description: 'body', status: 'open', assigneeEmail: null, assigneeName: null, dueAt: null },
    });
    const found = await connector.findPushed(context(), 'issues', localId);
    expect(found).toEqual(pushed);
    expect(jqlOf(searches().at(-1)!.url)).toBe(`project = OPS AND description ~ "\\"${localId}\\"" ORDER BY created ASC`);
  });

  it('checks the connection: the project, bad credentials, a missing project, and OAuth bearer tokens', async () => {
    await expect(connector.check(context())).resolves.toBeUndefined();
    await expect(connector.check(context({ credentials: { token: server.bearerToken } }))).resolves.toBeUndefined();
    const bad = await failure(connector.check(context({ credentials: { email: server.email, apiToken: 'wrong-token' } })));
    expect(bad.message).toMatch(/HTTP 401 \(check the e-mail and API token/);
    expect(bad.retryable).toBe(false);
    const missing = await failure(connector.check(context({ settings: settings({ projectKey: 'NOPE' }) })));
    expect(missing.message).toMatch(/project NOPE does not exist, or this account may not browse it/);
    const readBad = await failure(read(null, Infinity, context({ credentials: { token: 'expired' } })));
    expect(readBad.message).toMatch(/401/);
    expect(server.requests.find((r) => r.authorization?.startsWith('Basic'))?.authorization).toBe(
      `Basic ${Buffer.from(`${server.email}:${server.apiToken}`).toString('base64')}`,
    );
  });

  it('waits as long as a 429’s Retry-After says, then goes on', async () => {
    seed();
    server.failOnce(429, '1');
    const started = Date.now();
    const { keys } = await read(null);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(keys).toHaveLength(4);
    expect(server.requests[0].status).toBe(429);
  });

  it('validates settings and credentials', () => {
    expect(connector.validate(settings(), { email: 'a@b.c', apiToken: 'x' })).toEqual([]);
    expect(
      connector.validate(
        { siteUrl: 'https://acme.atlassian.net', projectKey: 'OPS', issueType: 'Bug', doneStatus: 'Closed' },
        { token: 't' },
      ),
    ).toEqual([]);
    expect(
      connector.validate(
        {
          siteUrl: 'ftp://x?y=1',
          projectKey: 'ops; DROP',
          issueType: 'Ta"sk',
          assignees: { 'not-an-email': 'id with spaces' },
          colour: 'red',
        },
        { email: 'a@b.c' },
      ),
    ).toEqual([
      'settings.colour: is not a setting of a jira source',
      'settings.siteUrl: must be the site URL, e.g. https://your-domain.atlassian.net (no query, no user info)',
      'settings.projectKey: must be a Jira project key (upper-case letters, digits, underscores; e.g. OPS)',
      'settings.issueType: must be a name of at most 255 characters, without quotes or backslashes',
      'settings.assignees: not-an-email is not an e-mail address',
      'settings.assignees.not-an-email: must be a Jira accountId (e.g. 5b10ac8d82e05b22cc7d4ef5)',
      'credentials: give email and apiToken (an Atlassian API token), or token (OAuth 2.0 bearer)',
    ]);
    expect(connector.validate(settings(), null)).toEqual([
      'credentials: give email and apiToken (an Atlassian API token), or token (OAuth 2.0 bearer)',
    ]);
    expect(connector.urls({ siteUrl: 'https://acme.atlassian.net' })).toEqual(['https://acme.atlassian.net']);
  });
});
