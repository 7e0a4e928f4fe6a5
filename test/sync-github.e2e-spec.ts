import { randomUUID } from 'node:crypto';
import { OutboundHttp, type AppConfig } from '@quorum/platform';
import { CircuitBreaker } from '../libs/data-sync/src/connectors/circuit-breaker';
import {
  type ActionItemFields,
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type PushRequest,
} from '../libs/data-sync/src/connectors/connector';
import { GITHUB_PAGE_SIZE, GitHubConnector } from '../libs/data-sync/src/connectors/github/github.connector';
import { SOURCE_HTTP_DEFAULTS, SourceHttp } from '../libs/data-sync/src/connectors/source-http';
import { TokenBucket } from '../libs/data-sync/src/connectors/token-bucket';
import { GitHubServer, type ServerIssue } from './support/github-server';

const TOKEN = 'ghp_S3cretTokenForTheGitHubTests0042';
const ASSIGNEES = { 'ada@example.com': 'ada-l', 'grace@example.com': 'ghopper' };

describe('data sync: the GitHub Issues connector', () => {
  const connector = new GitHubConnector();
  const outbound = new OutboundHttp({ outboundAllowPrivateNetworks: true } as AppConfig);
  let server: GitHubServer;
  /** Every log line and error message the connector produced, to grep for the token. */
  const said: string[] = [];

  const context = (over: { token?: string; settings?: Record<string, unknown> } = {}): ConnectorContext => {
    const signal = new AbortController().signal;
    return {
      sourceId: randomUUID(),
      settings: { owner: 'acme', repo: 'roadmap', apiUrl: server.url, assignees: ASSIGNEES, labels: ['quorum'], ...over.settings },
      credentials: { token: over.token ?? TOKEN },
      signal,
      http: new SourceHttp(outbound, new CircuitBreaker(), new TokenBucket(60_000), signal, { ...SOURCE_HTTP_DEFAULTS, backoffMs: 10 }),
    };
  };
  const readAll = async (state: Record<string, unknown> | null, ctx = context(), stopAfter = Infinity) => {
    const pages: ConnectorPage[] = [];
    for await (const page of connector.read(ctx, 'issues', state)) {
      pages.push(page);
      said.push(...(page.log ?? []));
      if (pages.length >= stopAfter) break;
    }
    return { pages, records: pages.flatMap((p) => p.records), checkpoint: pages.at(-1)!.checkpoint };
  };
  const failure = async (promise: Promise<unknown>): Promise<ConnectorError> => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    said.push((error as Error).message);
    return error as ConnectorError;
  };
  const item = (over: Partial<ActionItemFields> = {}): ActionItemFields => ({
    title: 'Send the minutes',
    description: 'To everyone who attended',
    status: 'open',
    assigneeEmail: 'ada@example.com',
    assigneeName: null,
    dueAt: '2027-01-15T00:00:00.000Z',
    ...over,
  });
  const push = (request: Partial<PushRequest> & { fields: ActionItemFields }) =>
    connector.push(context(), 'issues', {
      localId: randomUUID(),
      externalId: null,
      version: null,
      link: 'https://quorum.example.com/a/1',
      ...request,
    });

  beforeEach(async () => {
    server = new GitHubServer({ token: TOKEN });
    await server.start();
  });
  afterEach(async () => {
    await server.stop();
  });
  afterAll(() => {
    expect(said.length).toBeGreaterThan(10);
    for (const line of said) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toMatch(/bearer/i);
    }
  });

  it('declares the issues stream: action items, pushed and pulled, the tracker owning status and assignee', () => {
    expect(connector.kind).toBe('github');
    expect(connector.streams.issues).toEqual({
      entity: 'action_item',
      directions: ['push', 'both', 'pull'],
      remoteOwns: ['status', 'assigneeEmail', 'assigneeName'],
      localOwns: ['title', 'description', 'dueAt'],
    });
    expect(connector.urls({ owner: 'a', repo: 'b' })).toEqual(['https://api.github.com']);
    expect(connector.urls({ owner: 'a', repo: 'b', apiUrl: 'https://ghe.example.com/api/v3/' })).toEqual([
      'https://ghe.example.com/api/v3',
    ]);
  });

  it('validates settings and credentials without echoing the token', () => {
    expect(connector.validate({ owner: 'acme', repo: 'roadmap', assignees: ASSIGNEES, labels: ['quorum'] }, { token: TOKEN })).toEqual([]);
    const problems = connector.validate({ repo: 'a b', apiUrl: 'file:///etc', assignees: ['x'], requests: 1 }, { token: `${TOKEN} x` });
    expect(problems).toEqual([
      'settings.requests: is not a setting of a github source',
      expect.stringMatching(/^settings\.owner: /),
      expect.stringMatching(/^settings\.repo: /),
      expect.stringMatching(/^settings\.apiUrl: /),
      'settings.assignees: must be an object mapping e-mail addresses to GitHub logins',
      expect.stringMatching(/^credentials\.token: must be/),
    ]);
    expect(problems.join('\n')).not.toContain(TOKEN);
    expect(connector.validate({ owner: 'acme', repo: 'roadmap' }, null)).toEqual([expect.stringMatching(/^credentials\.token:/)]);
  });

  describe('check', () => {
    it('passes for a repository the token sees, with GitHub headers and the token as a bearer', async () => {
      await connector.check(context());
      const [request] = server.requestsTo('/repos/acme/roadmap');
      expect(request.headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      });
    });

    it('says to check the token when GitHub refuses it', async () => {
      const error = await failure(connector.check(context({ token: 'ghp_wrong' })));
      expect(error.message).toMatch(/HTTP 401 \(Bad credentials\).*check the token/);
      expect(error.retryable).toBe(false);
    });

    it('says the repository does not exist or is hidden, and when issues are turned off', async () => {
      const error = await failure(connector.check(context({ settings: { repo: 'nope' } })));
      expect(error.message).toMatch(/HTTP 404.*acme\/nope does not exist or the token cannot see it/);
      server.hasIssues = false;
      expect((await failure(connector.check(context()))).message).toMatch(/has issues turned off/);
    });

    it('reports a used-up rate limit as retryable, naming when it resets', async () => {
      const reset = Math.floor(Date.now() / 1000) + 1200;
      server.failOnce(
        403,
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        { message: 'API rate limit exceeded for user ID 1.' },
      );
      const error = await failure(connector.check(context()));
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(`retry after ${new Date(reset * 1000).toISOString()}`);
      expect(error.message).toContain('API rate limit exceeded');
    });

    it('reports a secondary rate limit (403 with Retry-After) as retryable, naming when to retry', async () => {
      server.failOnce(403, { 'retry-after': '90' }, { message: 'You have exceeded a secondary rate limit.' });
      const before = Date.now();
      const error = await failure(connector.check(context()));
      expect(error.retryable).toBe(true);
      const when = Date.parse(/retry after (\S+)$/.exec(error.message)![1]);
      expect(when - before).toBeGreaterThanOrEqual(89_000);
      expect(when - before).toBeLessThan(95_000);
    });
  });

  describe('read', () => {
    const seed = (count: number) => {
      for (let i = 1; i <= count; i++) {
        server.createIssue({
          title: `Issue ${i}`,
          body: `Body ${i}`,
          assignees: i % 3 === 0 ? ['ghopper'] : i % 3 === 1 ? ['octocat'] : [],
        });
        if (i % 50 === 0) server.createPullRequest(`PR after ${i}`);
      }
    };

    it('reads every issue once, page by page, without pull requests, and keeps the greatest updated_at', async () => {
      seed(230);
      const { pages, records, checkpoint } = await readAll(null);
      expect(pages.map((p) => p.last)).toEqual([false, false, true]);
      const numbers = records.map((r) => Number(r.externalId));
      expect(new Set(numbers).size).toBe(230);
      expect(records.every((r) => /^Issue \d+$/.test(r.fields.title as string))).toBe(true);
      expect(checkpoint).toEqual({ cursor: [...server.issues.values()].at(-1)!.updated_at });
      expect(pages[0].checkpoint).toEqual({
        cursor: expect.any(String),
        next: expect.stringContaining(`since=${encodeURIComponent(pages[0].checkpoint.cursor as string)}`),
      });
      expect(pages[0].log!.join('\n')).toMatch(/reading all issues of acme\/roadmap[\s\S]*page 1: 99 issues, 1 pull requests skipped/);
      const ninth = records.find((r) => r.fields.title === 'Issue 9')!;
      expect(ninth.fields).toEqual({
        title: 'Issue 9',
        description: 'Body 9',
        status: 'open',
        assigneeEmail: 'grace@example.com',
        assigneeName: null,
        dueAt: null,
      });
      const first = records.find((r) => r.fields.title === 'Issue 1')!;
      expect(first.fields).toMatchObject({ assigneeEmail: null, assigneeName: 'octocat' });
      expect(first).toMatchObject({
        version: server.issue(1).updated_at,
        updatedAt: new Date(server.issue(1).updated_at),
        originLocalId: null,
      });
      const list = server.requestsTo(/\/issues$/);
      expect(list[0].query.get('state')).toBe('all');
      expect(list[0].query.get('sort')).toBe('updated');
      expect(list[0].query.get('direction')).toBe('asc');
      expect(list[0].query.get('per_page')).toBe(String(GITHUB_PAGE_SIZE));
    });

    it('reads only what changed since the checkpoint, closed, reassigned or edited by users on GitHub', async () => {
      seed(5);
      const first = await readAll(null);
      server.close(2, 'completed');
      server.close(3, 'not_planned');
      server.assign(4, 'ada-l');
      server.edit(5, { title: 'Issue 5 (renamed)' });
      const { records, checkpoint } = await readAll(first.checkpoint);
      expect(records.map((r) => r.externalId)).toEqual(['2', '3', '4', '5']);
      const byId = new Map(records.map((r) => [r.externalId, r.fields]));
      expect(byId.get('2')).toMatchObject({ status: 'done' });
      expect(byId.get('3')).toMatchObject({ status: 'cancelled' });
      expect(byId.get('4')).toMatchObject({ assigneeEmail: 'ada@example.com', assigneeName: null });
      expect(byId.get('5')).toMatchObject({ title: 'Issue 5 (renamed)' });
      expect(
        server
          .requestsTo(/\/issues$/)
          .at(-1)!
          .query.get('since'),
      ).toBe(first.checkpoint.cursor);
      // `since` is inclusive: the issue that holds the cursor is read again (the engine finds it unchanged).
      const again = await readAll(checkpoint);
      expect(again.records.map((r) => r.externalId)).toEqual(['5']);
      expect(again.checkpoint).toEqual(checkpoint);
    });

    it('loses no issue that shares the cursor at a page boundary, even a whole page of them', async () => {
      server.tick = 0;
      seed(150); // 153 issues and pull requests, all with one updated_at
      server.tick = 1;
      server.createIssue({ title: 'Later' });
      const { records, pages } = await readAll(null);
      expect(new Set(records.map((r) => r.externalId)).size).toBe(151);
      expect(pages.at(-1)!.last).toBe(true);
      // Past a page whose issues all share `since`, only GitHub's next page link goes on.
      expect(server.requestsTo(/^\/repositories\/4242\/issues$/).length).toBeGreaterThan(0);
    });

    it('loses no issue when one read earlier changes during the read (GitHub page numbers shift, since does not)', async () => {
      seed(200);
      const seen = new Set<string>();
      let changed = false;
      for await (const page of connector.read(context(), 'issues', null)) {
        for (const r of page.records) seen.add(r.externalId);
        if (!changed) {
          // A user edits an issue of the first page: it moves to the end of the list, the rest move up one place.
          server.edit(Number(page.records[0].externalId), { title: 'Edited meanwhile' });
          changed = true;
        }
      }
      expect(seen.size).toBe(200);
    });

    it('goes on from the checkpoint of the last page written when a run stops midway', async () => {
      seed(250);
      const stopped = await readAll(null, context(), 1);
      expect(stopped.pages[0].last).toBe(false);
      const rest = await readAll(stopped.checkpoint);
      expect(server.requestsTo(/\/issues$/)[1].query.get('since')).toBe(stopped.checkpoint.cursor);
      const all = new Set([...stopped.records, ...rest.records].map((r) => r.externalId));
      expect(all.size).toBe(250);
      expect(rest.pages[0].log![0]).toMatch(/from the stored page/);
    });

    it('reads everything again (reset) when the stored position is not on this source: no token to another host', async () => {
      seed(3);
      const { records, pages } = await readAll({
        cursor: '2026-11-02T08:00:01Z',
        next: 'https://evil.example/repos/acme/roadmap/issues?page=2',
      });
      expect(pages[0].reset).toBe(true);
      expect(records).toHaveLength(3);
      expect(server.requestsTo(/\/issues$/)[0].query.get('since')).toBeNull();
      expect((await readAll({ cursor: 'yesterday' })).pages[0].reset).toBe(true);
    });

    it('does not see deleted issues (GitHub lists them no more) and reads on', async () => {
      seed(3);
      const first = await readAll(null);
      server.delete(2);
      server.edit(3, { title: 'Three' });
      const { records } = await readAll(first.checkpoint);
      expect(records.map((r) => r.externalId)).toEqual(['3']);
      expect(records.some((r) => r.deleted)).toBe(false);
    });

    it('waits as long as a 429 Retry-After asks, and goes on', async () => {
      seed(2);
      server.failOnce(429, { 'retry-after': '1' }, { message: 'You have exceeded a secondary rate limit.' });
      const started = Date.now();
      const { records } = await readAll(null);
      expect(records).toHaveLength(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(server.requestsTo(/\/issues$/).map((r) => r.status)).toEqual([429, 200]);
    });

    it('fails a read with a bad token with a message to act on', async () => {
      const error = await failure(readAll(null, context({ token: 'ghp_expired' })));
      expect(error.message).toMatch(/listing the issues of acme\/roadmap: GitHub answered HTTP 401 \(Bad credentials\)/);
    });
  });

  describe('push', () => {
    it('creates an issue with the body footer, the mapped assignee and the labels; the pulled echo equals the answer', async () => {
      const localId = randomUUID();
      const result = await push({ localId, fields: item() });
      const issue = server.issue(Number(result.externalId));
      expect(issue).toMatchObject({ title: 'Send the minutes', assignees: ['ada-l'], labels: ['quorum'], state: 'open' });
      expect(issue.body).toBe(
        `To everyone who attended\n\n---\n**Due:** 2027-01-15 · [Open in Quorum](https://quorum.example.com/a/1)\n<!-- quorum-id: ${localId} -->`,
      );
      expect(result).toEqual({ externalId: String(issue.number), version: issue.updated_at, fields: item() });
      const [echo] = (await readAll(null)).records;
      expect({ externalId: echo.externalId, version: echo.version, fields: echo.fields }).toEqual(result);
      expect(echo.originLocalId).toBe(localId);
    });

    it('updates title, body, status and assignee; each echo equals its answer', async () => {
      const localId = randomUUID();
      const created = await push({ localId, fields: item() });
      const cases: [Partial<ActionItemFields>, Partial<ServerIssue>][] = [
        [
          { status: 'done', title: 'Minutes sent' },
          { state: 'closed', state_reason: 'completed', title: 'Minutes sent' },
        ],
        [{ status: 'cancelled' }, { state: 'closed', state_reason: 'not_planned' }],
        [
          { status: 'in_progress', assigneeEmail: 'grace@example.com', dueAt: '2027-02-01T16:30:00.000Z' },
          { state: 'open', assignees: ['ghopper'] },
        ],
        [{ assigneeEmail: null, assigneeName: null, description: null }, { assignees: [] }],
      ];
      for (const [change, expected] of cases) {
        const fields = item(change);
        const result = await connector.push(context(), 'issues', {
          localId,
          externalId: created.externalId,
          version: null,
          fields,
          link: 'https://q/a/1',
        });
        expect(server.issue(Number(created.externalId))).toMatchObject(expected);
        // GitHub has no in_progress: it reads back as open.
        expect(result.fields).toEqual({ ...fields, status: fields.status === 'in_progress' ? 'open' : fields.status });
        const echoes = (await readAll(null)).records;
        const echo = echoes.find((r) => r.externalId === created.externalId)!;
        expect({ externalId: echo.externalId, version: echo.version, fields: echo.fields }).toEqual(result);
      }
      expect(server.requestsTo(/\/issues\/\d+$/, 'PATCH')[0].body).toEqual({
        title: 'Minutes sent',
        body: expect.stringContaining(`<!-- quorum-id: ${localId} -->`),
        state: 'closed',
        state_reason: 'completed',
        assignees: ['ada-l'],
      });
    });

    it('creates a done item open, then closes it', async () => {
      const result = await push({ fields: item({ status: 'done' }) });
      expect(server.issue(Number(result.externalId))).toMatchObject({ state: 'closed', state_reason: 'completed' });
      expect((result.fields as ActionItemFields).status).toBe('done');
      expect(server.requestsTo(/\/issues$/, 'POST')).toHaveLength(1);
    });

    it('leaves assignees GitHub cannot know alone, and drops one GitHub refuses rather than failing the item', async () => {
      const created = await push({ fields: item() });
      await connector.push(context(), 'issues', {
        localId: randomUUID(),
        externalId: created.externalId,
        version: null,
        fields: item({ assigneeEmail: 'someone@else.org' }),
        link: 'https://q/a/1',
      });
      expect(server.issue(Number(created.externalId)).assignees).toEqual(['ada-l']);
      expect(server.requestsTo(/\/issues\/\d+$/, 'PATCH').at(-1)!.body).not.toHaveProperty('assignees');
      // A name that looks like a login but is no collaborator: GitHub answers 422, the issue is written without it.
      const result = await push({ fields: item({ assigneeEmail: null, assigneeName: 'stranger' }) });
      expect(
        server
          .requestsTo(/\/issues$/, 'POST')
          .map((r) => r.status)
          .slice(-2),
      ).toEqual([422, 201]);
      expect(result.fields).toMatchObject({ assigneeEmail: null, assigneeName: null, title: 'Send the minutes' });
    });

    it('fails with a reason for an issue deleted on GitHub, and for a bad token', async () => {
      const created = await push({ fields: item() });
      server.delete(Number(created.externalId));
      const gone = await failure(push({ externalId: created.externalId, fields: item() }));
      expect(gone.message).toMatch(/updating issue #\d+: the issue was deleted on GitHub/);
      const refused = await failure(
        connector.push(context({ token: 'ghp_nope' }), 'issues', {
          localId: 'x',
          externalId: null,
          version: null,
          fields: item(),
          link: 'l',
        }),
      );
      expect(refused.message).toMatch(/creating an issue: GitHub answered HTTP 401 \(Bad credentials\): check the token/);
    });
  });

  describe('findPushed', () => {
    it('finds a recent issue by its marker among the newest, without search', async () => {
      const localId = randomUUID();
      const pushed = await push({ localId, fields: item() });
      server.createIssue({ title: 'Someone else', body: `mentions quorum-id: ${randomUUID()}` });
      expect(await connector.findPushed(context(), 'issues', localId)).toEqual(pushed);
      expect(server.requestsTo('/search/issues')).toHaveLength(0);
      expect(await connector.findPushed(context(), 'issues', randomUUID())).toBeNull();
    });

    it('asks GitHub search for an older one, and checks the marker itself', async () => {
      const localId = randomUUID();
      const pushed = await push({ localId, fields: item() });
      for (let i = 0; i < 210; i++) server.createIssue({ title: `Newer ${i}` });
      // A body quoting the phrase without being ours: search finds it, the marker check does not take it.
      server.createIssue({ title: 'Quote', body: `see "quorum-id: ${localId}"` });
      expect(await connector.findPushed(context(), 'issues', localId)).toEqual(pushed);
      const [search] = server.requestsTo('/search/issues');
      expect(search.query.get('q')).toBe(`repo:acme/roadmap "quorum-id: ${localId}" in:body is:issue`);
    });
  });
});
