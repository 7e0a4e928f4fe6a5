import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An issue (or pull request) as the server keeps it. */
export interface ServerIssue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  assignees: string[];
  labels: string[];
  user: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  pullRequest: boolean;
  deleted: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  status: number;
}

interface OneShot {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Only requests whose path matches (default: any). */
  path?: RegExp;
}

const DOCS = 'https://docs.github.com/rest';

/**
 * A GitHub REST API v3 (issues of one repository) on 127.0.0.1, faithful where the connector's code paths depend on it:
 * bearer tokens (401 Bad credentials), a hidden repository's 404, the API version header (400 for an unknown one),
 * `GET /repos/{o}/{r}/issues` with state, sort, direction, since (inclusive), per_page and page, with a Link header to
 * `/repositories/{id}/issues` as GitHub does, pull requests mixed into that list, create and update with state_reason
 * and assignee validation (422), 410 for a deleted issue, the search endpoint for `"phrase" in:body`, rate-limit headers,
 * and one-shot failures (a 429 with Retry-After, a 403 rate limit). Timestamps come from a clock that moves one second
 * per change unless frozen, so tests decide which issues share an `updated_at`.
 */
export class GitHubServer {
  readonly owner: string;
  readonly repo: string;
  readonly repoId = 4242;
  readonly tokens = new Set<string>();
  /** Logins that may be assigned (collaborators). */
  readonly collaborators = new Set<string>();
  readonly issues = new Map<number, ServerIssue>();
  readonly requests: RecordedRequest[] = [];
  hasIssues = true;
  /** The clock: the next change's `updated_at`. */
  now = new Date('2026-11-02T08:00:00Z');
  /** Seconds the clock moves at each change; 0 freezes it. */
  tick = 1;
  private seq = 0;
  private oneShots: OneShot[] = [];
  private server: Server | null = null;
  private base = '';

  constructor(options: { owner?: string; repo?: string; token?: string; collaborators?: string[] } = {}) {
    this.owner = options.owner ?? 'acme';
    this.repo = options.repo ?? 'roadmap';
    this.tokens.add(options.token ?? 'ghp_TestToken0123456789abcdef');
    for (const login of options.collaborators ?? ['ada-l', 'ghopper', 'octocat']) this.collaborators.add(login);
  }

  /** The API root, as a source's `apiUrl`. */
  get url(): string {
    return this.base;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v3`;
    return this.base;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  /** The next matching request answers this once (e.g. 429 with Retry-After, or a 403 rate limit). */
  failOnce(status: number, headers: Record<string, string> = {}, body: unknown = { message: 'failure' }, path?: RegExp): void {
    this.oneShots.push({ status, headers, body, path });
  }

  // --- What a user does on github.com -------------------------------------------------------------------------------

  createIssue(fields: Partial<Omit<ServerIssue, 'number'>> = {}): ServerIssue {
    const at = this.stamp();
    const issue: ServerIssue = {
      number: ++this.seq,
      title: 'An issue',
      body: null,
      state: 'open',
      state_reason: null,
      assignees: [],
      labels: [],
      user: 'octocat',
      created_at: at,
      updated_at: at,
      closed_at: null,
      pullRequest: false,
      deleted: false,
      ...fields,
    };
    this.issues.set(issue.number, issue);
    return issue;
  }

  createPullRequest(title = 'A pull request'): ServerIssue {
    return this.createIssue({ title, pullRequest: true });
  }

  edit(number: number, change: Partial<Pick<ServerIssue, 'title' | 'body' | 'labels'>>): ServerIssue {
    return this.change(number, change);
  }

  close(number: number, reason: 'completed' | 'not_planned' = 'completed'): ServerIssue {
    return this.change(number, { state: 'closed', state_reason: reason });
  }

  reopen(number: number): ServerIssue {
    return this.change(number, { state: 'open', state_reason: 'reopened' });
  }

  assign(number: number, ...logins: string[]): ServerIssue {
    return this.change(number, { assignees: logins });
  }

  delete(number: number): void {
    this.issue(number).deleted = true;
  }

  issue(number: number): ServerIssue {
    const issue = this.issues.get(number);
    if (!issue) throw new Error(`no issue #${number}`);
    return issue;
  }

  /** Requests to a path (without the /api/v3 prefix), e.g. `/repos/acme/roadmap/issues`. */
  requestsTo(path: string | RegExp, method = 'GET'): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  private change(number: number, change: Partial<ServerIssue>): ServerIssue {
    const issue = this.issue(number);
    const wasOpen = issue.state === 'open';
    Object.assign(issue, change);
    if (change.state === 'closed' && wasOpen) issue.closed_at = this.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (change.state === 'open') issue.closed_at = null;
    issue.updated_at = this.stamp();
    return issue;
  }

  /** GitHub's timestamps have whole seconds. */
  private stamp(): string {
    const at = this.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.now = new Date(this.now.getTime() + this.tick * 1000);
    return at;
  }

  // --- The API --------------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readBody(req);
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.answer(req, res, url, undefined, 400, { message: 'Problems parsing JSON', documentation_url: DOCS });
      }
    }
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) =>
      this.answer(req, res, url, body, status, json, headers);
    const path = url.pathname.replace(/^\/api\/v3/, '');

    const shot = this.oneShots.findIndex((s) => !s.path || s.path.test(path));
    if (shot >= 0) {
      const [{ status, headers, body: json }] = this.oneShots.splice(shot, 1);
      return send(status, json, headers);
    }
    const version = req.headers['x-github-api-version'];
    if (version !== undefined && version !== '2022-11-28')
      return send(400, { message: `API version ${String(version)} is not supported.`, documentation_url: DOCS });
    const auth = /^(?:Bearer|token) (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !this.tokens.has(auth[1])) {
      // Without a token a private repository is simply not there; a wrong token is refused outright.
      if (!auth) return send(404, { message: 'Not Found', documentation_url: DOCS });
      return send(401, { message: 'Bad credentials', documentation_url: DOCS });
    }

    const repoBase = `/repos/${this.owner}/${this.repo}`;
    const lower = path.toLowerCase();
    if (lower === repoBase.toLowerCase() && req.method === 'GET')
      return send(200, {
        id: this.repoId,
        name: this.repo,
        full_name: `${this.owner}/${this.repo}`,
        private: true,
        has_issues: this.hasIssues,
        permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      });
    const isList = lower === `${repoBase}/issues`.toLowerCase() || path === `/repositories/${this.repoId}/issues`;
    if (isList && req.method === 'GET') return this.list(url, send);
    if (isList && req.method === 'POST') return this.create(body, send);
    const one = new RegExp(`^${repoBase}/issues/(\\d+)$`, 'i').exec(path);
    if (one && (req.method === 'GET' || req.method === 'PATCH')) {
      const issue = this.issues.get(Number(one[1]));
      if (!issue) return send(404, { message: 'Not Found', documentation_url: DOCS });
      if (issue.deleted) return send(410, { message: 'This issue was deleted', documentation_url: DOCS });
      if (req.method === 'GET') return send(200, this.json(issue));
      return this.update(issue, body, send);
    }
    if (path === '/search/issues' && req.method === 'GET') return this.search(url, send);
    return send(404, { message: 'Not Found', documentation_url: DOCS });
  }

  private list(url: URL, send: (status: number, json: unknown, headers?: Record<string, string>) => void): void {
    const q = url.searchParams;
    const state = q.get('state') ?? 'open';
    const sort = q.get('sort') ?? 'created';
    const direction = q.get('direction') ?? 'desc';
    const since = q.get('since');
    if (
      !['open', 'closed', 'all'].includes(state) ||
      !['created', 'updated', 'comments'].includes(sort) ||
      !['asc', 'desc'].includes(direction)
    )
      return send(422, { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'invalid' }], documentation_url: DOCS });
    if (since !== null && Number.isNaN(Date.parse(since)))
      return send(422, { message: 'Validation Failed', errors: [{ field: 'since', code: 'invalid' }], documentation_url: DOCS });
    const key = sort === 'updated' ? 'updated_at' : 'created_at';
    const items = [...this.issues.values()]
      .filter((i) => !i.deleted && (state === 'all' || i.state === state))
      .filter((i) => since === null || Date.parse(i.updated_at) >= Date.parse(since))
      .sort((a, b) => (Date.parse(a[key]) - Date.parse(b[key]) || a.number - b.number) * (direction === 'asc' ? 1 : -1));
    this.page(url, items, send, (page) => page.map((i) => this.json(i)));
  }

  private search(url: URL, send: (status: number, json: unknown, headers?: Record<string, string>) => void): void {
    const q = url.searchParams.get('q') ?? '';
    const phrases = [...q.matchAll(/"([^"]*)"/g)].map((m) => m[1].toLowerCase());
    const rest = q
      .replace(/"[^"]*"/g, ' ')
      .split(/\s+/)
      .filter(Boolean);
    const repo = rest.find((t) => t.startsWith('repo:'))?.slice(5);
    if (repo && repo.toLowerCase() !== `${this.owner}/${this.repo}`.toLowerCase())
      return send(422, {
        message: 'Validation Failed',
        errors: [
          {
            message:
              'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
            resource: 'Search',
            field: 'q',
            code: 'invalid',
          },
        ],
        documentation_url: DOCS,
      });
    const onlyIssues = rest.includes('is:issue');
    const words = rest.filter((t) => !t.includes(':')).map((t) => t.toLowerCase());
    // Search indexes words: punctuation (a comment's `<!--`) is not part of a phrase.
    const wordsOf = (text: string) => text.toLowerCase().replace(/[^a-z0-9:-]+/g, ' ');
    const items = [...this.issues.values()]
      .filter((i) => !i.deleted && (!onlyIssues || !i.pullRequest))
      .filter((i) => {
        const text = wordsOf(rest.includes('in:title') ? i.title : `${i.body ?? ''}`);
        return phrases.every((p) => text.includes(wordsOf(p).trim())) && words.every((w) => text.includes(w));
      })
      .sort((a, b) => b.number - a.number);
    this.page(url, items, send, (page) => ({
      total_count: items.length,
      incomplete_results: false,
      items: page.map((i) => ({ ...this.json(i), score: 1 })),
    }));
  }

  private create(body: unknown, send: (status: number, json: unknown) => void): void {
    const input = (body ?? {}) as Record<string, unknown>;
    if (typeof input.title !== 'string' || input.title === '')
      return send(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }],
        documentation_url: DOCS,
      });
    const invalid = this.invalidAssignee(input.assignees);
    if (invalid) return send(422, invalid);
    const issue = this.createIssue({
      title: input.title,
      body: typeof input.body === 'string' ? input.body : null,
      assignees: (input.assignees as string[] | undefined) ?? [],
      labels: (input.labels as string[] | undefined) ?? [],
      user: 'quorum-bot',
    });
    send(201, this.json(issue));
  }

  private update(issue: ServerIssue, body: unknown, send: (status: number, json: unknown) => void): void {
    const input = (body ?? {}) as Record<string, unknown>;
    const invalid = this.invalidAssignee(input.assignees);
    if (invalid) return send(422, invalid);
    if (input.state !== undefined && input.state !== 'open' && input.state !== 'closed')
      return send(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', field: 'state', code: 'invalid' }],
        documentation_url: DOCS,
      });
    if (input.state_reason !== undefined && !['completed', 'not_planned', 'reopened', null].includes(input.state_reason as string))
      return send(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', field: 'state_reason', code: 'invalid' }],
        documentation_url: DOCS,
      });
    const change: Partial<ServerIssue> = {};
    if (typeof input.title === 'string') change.title = input.title;
    if (input.body !== undefined) change.body = input.body as string | null;
    if (Array.isArray(input.assignees)) change.assignees = input.assignees as string[];
    if (Array.isArray(input.labels)) change.labels = input.labels as string[];
    if (input.state === 'closed') {
      change.state = 'closed';
      change.state_reason = (input.state_reason as ServerIssue['state_reason']) ?? 'completed';
    } else if (input.state === 'open' && issue.state === 'closed') {
      change.state = 'open';
      change.state_reason = 'reopened';
    }
    // GitHub moves updated_at only when something changed.
    const changed = Object.entries(change).some(([k, v]) => JSON.stringify(issue[k as keyof ServerIssue]) !== JSON.stringify(v));
    send(200, this.json(changed ? this.change(issue.number, change) : issue));
  }

  private invalidAssignee(assignees: unknown): unknown {
    if (assignees === undefined) return null;
    const bad = Array.isArray(assignees) ? assignees.find((a) => typeof a !== 'string' || !this.collaborators.has(a)) : assignees;
    if (bad === undefined) return null;
    return {
      message: 'Validation Failed',
      errors: [{ value: bad, resource: 'Issue', field: 'assignees', code: 'invalid' }],
      documentation_url: DOCS,
    };
  }

  private page<T>(
    url: URL,
    items: ServerIssue[],
    send: (status: number, json: unknown, headers?: Record<string, string>) => void,
    shape: (page: ServerIssue[]) => T,
  ): void {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => {
      const target = new URL(url.href);
      target.searchParams.set('page', String(n));
      // GitHub's page links name the repository by id.
      const path =
        url.pathname.includes('/issues') && !url.pathname.startsWith('/api/v3/search')
          ? `/api/v3/repositories/${this.repoId}/issues`
          : url.pathname;
      return `<${this.base.replace(/\/api\/v3$/, '')}${path}${target.search}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev'), link(1, 'first')] : []),
      ...(page < pages ? [link(page + 1, 'next'), link(pages, 'last')] : []),
    ];
    send(200, shape(items.slice((page - 1) * perPage, page * perPage)), links.length ? { link: links.join(', ') } : {});
  }

  private json(issue: ServerIssue): Record<string, unknown> {
    const api = `${this.base}/repos/${this.owner}/${this.repo}`;
    const user = (login: string) => ({ login, id: hash(login), type: 'User' });
    return {
      id: 100000 + issue.number,
      node_id: `I_${issue.number}`,
      url: `${api}/issues/${issue.number}`,
      html_url: `https://github.example/${this.owner}/${this.repo}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.state_reason,
      user: user(issue.user),
      labels: issue.labels.map((name) => ({ id: hash(name), name, color: 'ededed' })),
      assignee: issue.assignees[0] ? user(issue.assignees[0]) : null,
      assignees: issue.assignees.map(user),
      locked: false,
      comments: 0,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      ...(issue.pullRequest ? { pull_request: { url: `${api}/pulls/${issue.number}`, merged_at: null } } : {}),
    };
  }

  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: unknown,
    status: number,
    json: unknown,
    headers: Record<string, string> = {},
  ): void {
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v3/, ''),
      query: url.searchParams,
      headers: req.headers,
      body,
      status,
    });
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      ...headers,
    });
    res.end(JSON.stringify(json));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(h);
}
