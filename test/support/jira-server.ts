import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A status of the test project's workflow, with Jira's category object. */
export interface JiraTestStatus {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}

export interface JiraTestUser {
  accountId: string;
  displayName: string;
  /** Visible only when set (Jira Cloud hides most users' e-mail addresses). */
  emailAddress?: string;
}

export interface JiraTestIssue {
  id: string;
  key: string;
  summary: string;
  description: unknown;
  statusId: string;
  assigneeId: string | null;
  duedate: string | null;
  issueType: string;
  created: number;
  updated: number;
}

export interface JiraTestRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  status: number;
  body: string;
}

const CATEGORY = {
  new: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, key: 'done', name: 'Done', colorName: 'green' },
} as const;

/**
 * A Jira Cloud REST API v3 site, the part the Jira connector uses: the account (`/myself`, with its time zone, in which
 * JQL times are read), a project, issues with ADF descriptions and statusCategory objects, workflow transitions, and
 * the enhanced JQL search (`/search/jql`) with nextPageToken paging. It parses exactly the JQL forms the connector
 * sends: `project = KEY`, `updated >= "yyyy-MM-dd HH:mm"`, `description ~ "\"phrase\""`, joined by AND, and
 * `ORDER BY updated ASC, key ASC` or `ORDER BY created ASC`. Page tokens are offsets into the live result (as a
 * pessimistic Jira would), and can be expired. Basic (e-mail + API token) and bearer auth; a one-shot error with
 * Retry-After. The test reads and changes its state directly, with a clock it controls.
 */
export class JiraServer {
  readonly projectKey: string;
  readonly email = 'bot@example.com';
  readonly apiToken = 'ATATT3xFfGF0-jira-api-token-s3cr3t';
  readonly bearerToken = 'oauth-access-token-s3cr3t';
  /** The searching user's time zone: JQL times are read in it. */
  timeZone = 'America/New_York';
  /** `/myself` without `timeZone` (an OAuth token without read:jira-user); JQL is still read in `timeZone`. */
  hideTimeZone = false;
  /** The site's clock (ms); `updated` stamps and the Date header come from it. */
  now: () => number = () => Date.now();
  readonly statuses: JiraTestStatus[] = [
    { id: '10000', name: 'To Do', category: 'new' },
    { id: '10001', name: 'In Progress', category: 'indeterminate' },
    { id: '10002', name: 'Done', category: 'done' },
    { id: '10003', name: "Won't Do", category: 'done' },
  ];
  readonly users: JiraTestUser[] = [
    { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Ada Lovelace' },
    { accountId: '5b10a2844c20165700ede21g', displayName: 'Grace Hopper' },
    { accountId: '712020:outsider-0001', displayName: 'Olga Outsider', emailAddress: 'olga@elsewhere.example' },
  ];
  readonly issues = new Map<string, JiraTestIssue>();
  readonly requests: JiraTestRequest[] = [];
  /** Transitions per status id (target status ids); a status absent here may go to every other status. */
  readonly transitionsFrom = new Map<string, string[]>();
  issueTypes = ['Task', 'Bug', 'Story'];
  /** Answers with this status (and Retry-After) once, to the next request. */
  private failure: { status: number; retryAfter?: string } | null = null;
  private tokenGeneration = 0;
  private nextId = 10000;
  private nextNumber = 1;
  private server: Server | null = null;
  private base = '';

  constructor(projectKey = 'OPS') {
    this.projectKey = projectKey;
  }

  get url(): string {
    return this.base;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  failOnce(status: number, retryAfter?: string): void {
    this.failure = { status, retryAfter };
  }

  /** Makes every page token handed out so far invalid (Jira answers 400 for them). */
  expirePageTokens(): void {
    this.tokenGeneration++;
  }

  /** Adds an issue as someone in Jira would (a plain-text description becomes one ADF paragraph). */
  addIssue(input: {
    summary: string;
    description?: string | null;
    status?: string;
    assigneeId?: string | null;
    duedate?: string | null;
    at?: number;
  }): JiraTestIssue {
    const at = input.at ?? this.now();
    const issue: JiraTestIssue = {
      id: String(this.nextId++),
      key: `${this.projectKey}-${this.nextNumber++}`,
      summary: input.summary,
      description: input.description ? { type: 'doc', version: 1, content: [paragraph(input.description)] } : null,
      statusId: this.status(input.status ?? 'To Do').id,
      assigneeId: input.assigneeId ?? null,
      duedate: input.duedate ?? null,
      issueType: 'Task',
      created: at,
      updated: at,
    };
    this.issues.set(issue.key, issue);
    return issue;
  }

  /** Changes an issue as a person in Jira would; `updated` moves to the clock's now. */
  change(
    key: string,
    change: Partial<Pick<JiraTestIssue, 'summary' | 'description' | 'assigneeId' | 'duedate'>> & { status?: string },
  ): void {
    const issue = this.issue(key);
    const { status, ...rest } = change;
    Object.assign(issue, rest);
    if (status) issue.statusId = this.status(status).id;
    issue.updated = this.now();
  }

  deleteIssue(key: string): void {
    this.issues.delete(key);
  }

  issue(key: string): JiraTestIssue {
    const issue = this.issues.get(key);
    if (!issue) throw new Error(`no issue ${key}`);
    return issue;
  }

  statusOf(key: string): JiraTestStatus {
    return this.statuses.find((s) => s.id === this.issue(key).statusId)!;
  }

  status(name: string): JiraTestStatus {
    const status = this.statuses.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!status) throw new Error(`no status ${name}`);
    return status;
  }

  /** The plain text of an issue's description (all text nodes, paragraphs on lines). */
  descriptionText(key: string): string {
    return textOf(this.issue(key).description);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.base);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({
        method: req.method ?? 'GET',
        url: url.pathname + url.search,
        authorization: req.headers.authorization,
        status,
        body,
      });
      const text = payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        date: new Date(this.now()).toUTCString(),
        ...(payload === undefined ? {} : { 'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json;charset=UTF-8' }),
        ...headers,
      });
      res.end(text);
    };
    if (this.failure) {
      const { status, retryAfter } = this.failure;
      this.failure = null;
      return send(status, { errorMessages: ['Rate limit exceeded.'] }, retryAfter ? { 'retry-after': retryAfter } : {});
    }
    if (!this.authorised(req.headers.authorization)) return send(401, 'Client must be authenticated to access this resource.');
    try {
      this.route(req.method ?? 'GET', url, body, send);
    } catch (error) {
      send(500, { errorMessages: [(error as Error).message] });
    }
  }

  private authorised(header: string | undefined): boolean {
    if (!header) return false;
    if (header === `Bearer ${this.bearerToken}`) return true;
    return header === `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString('base64')}`;
  }

  private route(
    method: string,
    url: URL,
    body: string,
    send: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const path = url.pathname;
    if (method === 'GET' && path === '/rest/api/3/myself')
      return send(200, {
        accountId: '557058:bot',
        accountType: 'atlassian',
        displayName: 'Quorum bot',
        active: true,
        ...(this.hideTimeZone ? {} : { timeZone: this.timeZone }),
        locale: 'en_US',
      });
    let match = /^\/rest\/api\/3\/project\/([^/]+)$/.exec(path);
    if (method === 'GET' && match) {
      if (decodeURIComponent(match[1]) !== this.projectKey)
        return send(404, { errorMessages: [`No project could be found with key '${decodeURIComponent(match[1])}'.`], errors: {} });
      return send(200, {
        id: '10100',
        key: this.projectKey,
        name: 'Operations',
        projectTypeKey: 'software',
        self: `${this.base}/rest/api/3/project/10100`,
      });
    }
    if (path === '/rest/api/3/search/jql' && (method === 'GET' || method === 'POST')) {
      const input =
        method === 'GET'
          ? {
              jql: url.searchParams.get('jql') ?? '',
              fields: (url.searchParams.get('fields') ?? '').split(',').filter(Boolean),
              maxResults: Number(url.searchParams.get('maxResults') ?? 50),
              nextPageToken: url.searchParams.get('nextPageToken'),
            }
          : (JSON.parse(body) as { jql: string; fields?: string[]; maxResults?: number; nextPageToken?: string | null });
      return this.search(input.jql, input.fields ?? [], input.maxResults ?? 50, input.nextPageToken ?? null, send);
    }
    if (method === 'POST' && path === '/rest/api/3/issue')
      return this.create(JSON.parse(body) as { fields?: Record<string, unknown> }, send);
    match = /^\/rest\/api\/3\/issue\/([^/]+)(\/transitions)?$/.exec(path);
    if (match) {
      const issue = this.issues.get(decodeURIComponent(match[1]));
      if (!issue) return send(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
      if (match[2]) {
        if (method === 'GET') return send(200, { expand: 'transitions', transitions: this.transitions(issue) });
        if (method === 'POST') {
          const id = (JSON.parse(body) as { transition?: { id?: string } }).transition?.id;
          const transition = this.transitions(issue).find((t) => t.id === id);
          if (!transition) return send(400, { errorMessages: [`Transition id '${id}' is not valid for this issue.`], errors: {} });
          issue.statusId = transition.to.id;
          issue.updated = this.now();
          return send(204);
        }
      } else {
        if (method === 'GET') {
          const fields = (url.searchParams.get('fields') ?? '').split(',').filter(Boolean);
          return send(200, this.render(issue, fields));
        }
        if (method === 'PUT') return this.edit(issue, JSON.parse(body) as { fields?: Record<string, unknown> }, send);
      }
    }
    send(404, { errorMessages: ['Not found'], errors: {} });
  }

  private create(input: { fields?: Record<string, unknown> }, send: (status: number, payload?: unknown) => void): void {
    const f = input.fields ?? {};
    const errors: Record<string, string> = {};
    if ((f.project as { key?: string } | undefined)?.key !== this.projectKey) errors.project = 'Specify a valid project ID or key';
    const type = (f.issuetype as { name?: string } | undefined)?.name;
    if (!type || !this.issueTypes.includes(type)) errors.issuetype = 'Specify an issue type';
    if (typeof f.summary !== 'string' || !f.summary) errors.summary = 'You must specify a summary of the issue.';
    const problems = this.fieldProblems(f);
    Object.assign(errors, problems);
    if (Object.keys(errors).length) return send(400, { errorMessages: [], errors });
    const issue = this.addIssue({ summary: f.summary as string });
    issue.issueType = type as string;
    this.apply(issue, f);
    send(201, { id: issue.id, key: issue.key, self: `${this.base}/rest/api/3/issue/${issue.id}` });
  }

  private edit(issue: JiraTestIssue, input: { fields?: Record<string, unknown> }, send: (status: number, payload?: unknown) => void): void {
    const f = input.fields ?? {};
    const errors = this.fieldProblems(f);
    if ('summary' in f && (typeof f.summary !== 'string' || !f.summary)) errors.summary = 'You must specify a summary of the issue.';
    if (Object.keys(errors).length) return send(400, { errorMessages: [], errors });
    this.apply(issue, f);
    issue.updated = this.now();
    send(204);
  }

  private fieldProblems(f: Record<string, unknown>): Record<string, string> {
    const errors: Record<string, string> = {};
    if ('description' in f && f.description !== null && (f.description as { type?: string } | undefined)?.type !== 'doc')
      errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
    if ('duedate' in f && f.duedate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(f.duedate)))
      errors.duedate = 'Error parsing date string: ' + String(f.duedate);
    if ('assignee' in f && f.assignee !== null) {
      const id = (f.assignee as { accountId?: string }).accountId;
      if (!this.users.some((u) => u.accountId === id)) errors.assignee = `User '${id}' cannot be assigned issues.`;
    }
    return errors;
  }

  private apply(issue: JiraTestIssue, f: Record<string, unknown>): void {
    if (typeof f.summary === 'string') issue.summary = f.summary;
    if ('description' in f) issue.description = f.description ?? null;
    if ('duedate' in f) issue.duedate = (f.duedate as string | null) ?? null;
    if ('assignee' in f) issue.assigneeId = (f.assignee as { accountId?: string } | null)?.accountId ?? null;
  }

  private transitions(issue: JiraTestIssue) {
    const targets = this.transitionsFrom.get(issue.statusId) ?? this.statuses.filter((s) => s.id !== issue.statusId).map((s) => s.id);
    return targets.map((id) => {
      const to = this.statuses.find((s) => s.id === id)!;
      return { id: `${Number(id) - 9989}`, name: to.name, to: this.renderStatus(to), hasScreen: false, isGlobal: true, isInitial: false };
    });
  }

  private search(
    jql: string,
    fields: string[],
    maxResults: number,
    token: string | null,
    send: (status: number, payload?: unknown) => void,
  ): void {
    let query: ParsedJql;
    try {
      query = parseJql(jql);
    } catch (error) {
      return send(400, { errorMessages: [`Error in the JQL Query: ${(error as Error).message}`], errors: {} });
    }
    let offset = 0;
    if (token) {
      const decoded = decodeToken(token);
      if (!decoded || decoded.generation !== this.tokenGeneration || decoded.jql !== jql)
        return send(400, { errorMessages: ['The provided next page token is invalid or expired.'], errors: {} });
      offset = decoded.offset;
    }
    const size = Math.max(1, Math.min(Number.isFinite(maxResults) ? maxResults : 50, 5000));
    const matching = [...this.issues.values()].filter((issue) => {
      if (query.project !== this.projectKey) return false;
      if (query.updatedSince !== null && issue.updated < zonedToUtc(query.updatedSince, this.timeZone)) return false;
      if (query.descriptionPhrase !== null && !textOf(issue.description).toLowerCase().includes(query.descriptionPhrase.toLowerCase()))
        return false;
      return true;
    });
    matching.sort((a, b) =>
      query.order === 'created' ? a.created - b.created || keyOrder(a, b) : a.updated - b.updated || keyOrder(a, b),
    );
    const page = matching.slice(offset, offset + size);
    const isLast = offset + size >= matching.length;
    send(200, {
      issues: page.map((issue) => this.render(issue, fields)),
      ...(isLast ? {} : { nextPageToken: encodeToken({ jql, offset: offset + size, generation: this.tokenGeneration }) }),
      isLast,
    });
  }

  private render(issue: JiraTestIssue, fields: string[]) {
    const all: Record<string, unknown> = {
      summary: issue.summary,
      description: issue.description,
      status: this.renderStatus(this.statuses.find((s) => s.id === issue.statusId)!),
      assignee: issue.assigneeId ? this.renderUser(issue.assigneeId) : null,
      duedate: issue.duedate,
      updated: jiraTime(issue.updated),
      created: jiraTime(issue.created),
      issuetype: { name: issue.issueType },
      priority: { id: '3', name: 'Medium' },
      labels: [],
    };
    const wanted = fields.length && !fields.includes('*all') ? fields : Object.keys(all);
    return {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${this.base}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      fields: Object.fromEntries(wanted.filter((name) => name in all).map((name) => [name, all[name]])),
    };
  }

  private renderStatus(status: JiraTestStatus) {
    return {
      self: `${this.base}/rest/api/3/status/${status.id}`,
      description: '',
      name: status.name,
      id: status.id,
      statusCategory: { self: `${this.base}/rest/api/3/statuscategory/${CATEGORY[status.category].id}`, ...CATEGORY[status.category] },
    };
  }

  private renderUser(accountId: string) {
    const user = this.users.find((u) => u.accountId === accountId)!;
    return {
      self: `${this.base}/rest/api/3/user?accountId=${accountId}`,
      accountId,
      displayName: user.displayName,
      ...(user.emailAddress ? { emailAddress: user.emailAddress } : {}),
      active: true,
      timeZone: 'Europe/London',
      accountType: 'atlassian',
    };
  }
}

interface ParsedJql {
  project: string;
  updatedSince: string | null;
  descriptionPhrase: string | null;
  order: 'updated' | 'created';
}

/** The JQL forms the connector sends, and nothing else (anything else is Jira's 400). */
export function parseJql(jql: string): ParsedJql {
  const order = /\s+ORDER BY\s+(.+)$/i.exec(jql);
  if (!order) throw new Error('expected ORDER BY');
  const orderBy = order[1].trim();
  if (orderBy !== 'updated ASC, key ASC' && orderBy !== 'created ASC') throw new Error(`unsupported ORDER BY ${orderBy}`);
  const where = jql.slice(0, order.index);
  const result: ParsedJql = {
    project: '',
    updatedSince: null,
    descriptionPhrase: null,
    order: orderBy.startsWith('updated') ? 'updated' : 'created',
  };
  const clause =
    /^\s*(project\s*=\s*([A-Z][A-Z0-9_]*)|updated\s*>=\s*("(?:[^"\\]|\\.)*")|description\s*~\s*("(?:[^"\\]|\\.)*"))\s*(AND\s+|$)/;
  let rest = where;
  while (rest.trim()) {
    const m = clause.exec(rest);
    if (!m) throw new Error(`cannot read "${rest.trim()}"`);
    if (m[2]) result.project = m[2];
    if (m[3]) {
      const value = unquote(m[3]);
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value)) throw new Error(`Date value '${value}' for field 'updated' is invalid.`);
      result.updatedSince = value;
    }
    if (m[4]) result.descriptionPhrase = unquote(m[4]).replace(/^"|"$/g, '');
    rest = rest.slice(m[0].length);
  }
  if (!result.project) throw new Error('expected project = KEY');
  return result;
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** A wall-clock `yyyy-MM-dd HH:mm` in a zone, as epoch ms. */
export function zonedToUtc(wall: string, timeZone: string): number {
  const [date, time] = wall.split(' ');
  const guess = Date.parse(`${date}T${time}:00Z`);
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
    const p = (type: string) => parts.find((x) => x.type === type)!.value;
    return Date.parse(`${p('year')}-${p('month')}-${p('day')}T${p('hour')}:${p('minute')}:00Z`) - Math.floor(at / 60_000) * 60_000;
  };
  let at = guess - offset(guess);
  at = guess - offset(at);
  return at;
}

function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function keyOrder(a: JiraTestIssue, b: JiraTestIssue): number {
  return Number(a.key.split('-')[1]) - Number(b.key.split('-')[1]);
}

function encodeToken(value: { jql: string; offset: number; generation: number }): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeToken(token: string): { jql: string; offset: number; generation: number } | null {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { jql: string; offset: number; generation: number };
  } catch {
    return null;
  }
}

function paragraph(text: string) {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

function textOf(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as { type?: string; text?: string; content?: unknown[] };
  if (n.type === 'text') return n.text ?? '';
  const inner = (n.content ?? []).map(textOf);
  return n.type === 'doc' ? inner.join('\n') : inner.join('');
}
