import { Injectable } from '@nestjs/common';
import {
  type ActionItemFields,
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type PushRequest,
  type PushResult,
} from '../connector';
import { GitHubApi, nextLink } from './github-api';
import { type GitHubIssue, assigneesFor, stateFor, toRecord } from './github-issue';
import { composeBody, markerPhrase, parseBody } from './github-issue-body';
import { readSettings, validateSettings } from './github-settings';

/** Issues per page (GitHub's largest). */
export const GITHUB_PAGE_SIZE = 100;
/** Pages read in one run; the checkpoint keeps the position and the next run goes on from there. */
export const GITHUB_MAX_PAGES_PER_RUN = 200;
/** Recently created issues scanned for an origin marker before asking GitHub's search (which indexes with a delay). */
const RECENT_SCAN_PAGES = 2;

/**
 * The `issues` stream's state: `cursor` is the greatest `updated_at` read (the next run's `since`, which is inclusive:
 * issues sharing it are read again, and found unchanged); `next` is the page to read next while a run is under way.
 */
interface IssuesState {
  cursor?: string | null;
  next?: string;
}

/**
 * GitHub Issues of one repository as the `issues` stream of action items, over the REST API v3. Settings: `owner`,
 * `repo`, `apiUrl` (default https://api.github.com; GitHub Enterprise: https://HOST/api/v3), `assignees` (e-mail →
 * login), `labels` (added to issues Quorum creates). Credentials: `token`.
 *
 * Reads go by `updated_at`, ascending: each page's greatest `updated_at` becomes the next request's `since` (GitHub's
 * page numbers shift when an issue read earlier changes during the run; `since` does not), and only a page whose
 * issues all share `since` follows GitHub's `Link: rel="next"`. Deleted issues are not visible through this API.
 */
@Injectable()
export class GitHubConnector implements Connector {
  readonly kind = 'github';
  readonly streams = {
    // The tracker is where the work happens: who does it and whether it is done are GitHub's; what it is, Quorum's.
    issues: {
      entity: 'action_item',
      directions: ['push', 'both', 'pull'],
      remoteOwns: ['status', 'assigneeEmail', 'assigneeName'],
      localOwns: ['title', 'description', 'dueAt'],
    },
  } as const;

  validate(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
    return validateSettings(settings, credentials);
  }

  urls(settings: Record<string, unknown>): string[] {
    return [readSettings(settings).apiUrl];
  }

  async check(context: ConnectorContext): Promise<void> {
    const api = new GitHubApi(context, readSettings(context.settings));
    const { data } = await api.json<{ has_issues?: boolean }>('GET', api.url(api.repoPath), `reading the repository ${api.repoName}`);
    if (data.has_issues === false)
      throw new ConnectorError(`the repository ${api.repoName} has issues turned off (Settings → Features → Issues)`);
  }

  async *read(context: ConnectorContext, stream: string, stored: Record<string, unknown> | null): AsyncIterable<ConnectorPage> {
    this.stream(stream);
    const api = new GitHubApi(context, readSettings(context.settings));
    const state = (stored ?? {}) as IssuesState;
    const log: string[] = [];
    let reset = false;
    let cursor = typeof state.cursor === 'string' && !Number.isNaN(Date.parse(state.cursor)) ? state.cursor : null;
    let url: string;
    if (typeof state.next === 'string' && this.onApi(api, state.next)) {
      url = state.next;
      log.push(`going on with the issues of ${api.repoName} from the stored page`);
    } else {
      if (state.next !== undefined || (state.cursor !== undefined && state.cursor !== null && cursor === null)) {
        // The position belongs to another server or is unreadable: only a full read is sure to miss nothing.
        reset = true;
        cursor = null;
        log.push('the stored position is not one of this source; reading all issues again');
      }
      url = this.listUrl(api, cursor);
      log.push(cursor ? `reading the issues of ${api.repoName} updated since ${cursor}` : `reading all issues of ${api.repoName}`);
    }

    for (let page = 1; ; page++) {
      const { data, response } = await api.json<GitHubIssue[]>('GET', url, `listing the issues of ${api.repoName}`);
      if (!Array.isArray(data))
        throw new ConnectorError(`listing the issues of ${api.repoName}: GitHub answered something other than a list`);
      const since = new URL(url).searchParams.get('since');
      // Pull requests are issues to this endpoint: they count for the position, they are not action items.
      for (const issue of data) if (!cursor || Date.parse(issue.updated_at) > Date.parse(cursor)) cursor = issue.updated_at;
      const records = data.filter((issue) => !issue.pull_request).map((issue) => toRecord(issue, api.settings));
      const link = nextLink(response.headers.link);
      let next: string | null = null;
      if (link && cursor && cursor !== since) next = this.listUrl(api, cursor);
      else if (link) {
        // A whole page shares `since` (a bulk edit): only GitHub's next page gets past it.
        if (!this.onApi(api, link))
          throw new ConnectorError(`GitHub's next page link leaves ${api.settings.apiUrl}; refusing to follow it`);
        next = link;
      }
      const stop = next !== null && page >= GITHUB_MAX_PAGES_PER_RUN;
      const lines = [
        ...(page === 1 ? log : []),
        `page ${page}: ${records.length} issues${data.length > records.length ? `, ${data.length - records.length} pull requests skipped` : ''}`,
      ];
      if (stop) lines.push(`stopped after ${page} pages; the next run goes on from here`);
      yield {
        records,
        checkpoint: next ? { cursor, next } : { cursor },
        last: next === null || stop,
        ...(reset && page === 1 ? { reset } : {}),
        log: lines,
      };
      if (next === null || stop) return;
      url = next;
    }
  }

  async push(context: ConnectorContext, stream: string, request: PushRequest): Promise<PushResult> {
    this.stream(stream);
    const api = new GitHubApi(context, readSettings(context.settings));
    const fields = request.fields as ActionItemFields;
    const body = composeBody(fields.description, fields.dueAt, request.link, request.localId);
    const assignees = assigneesFor(fields, api.settings);
    const state = stateFor(fields.status);
    let issue: GitHubIssue;
    if (request.externalId === null) {
      issue = await this.write(api, 'POST', api.url(`${api.repoPath}/issues`), 'creating an issue', {
        title: fields.title,
        body,
        ...(assignees?.length ? { assignees } : {}),
        ...(api.settings.labels.length ? { labels: api.settings.labels } : {}),
      });
      // An issue is created open: a done or cancelled item is closed right after.
      if (state.state === 'closed')
        issue = await this.write(api, 'PATCH', this.issueUrl(api, String(issue.number)), `closing issue #${issue.number}`, state);
    } else {
      issue = await this.write(api, 'PATCH', this.issueUrl(api, request.externalId), `updating issue #${request.externalId}`, {
        title: fields.title,
        body,
        ...state,
        ...(assignees !== undefined ? { assignees } : {}),
      });
    }
    return this.result(issue, api);
  }

  async findPushed(context: ConnectorContext, stream: string, localId: string): Promise<PushResult | null> {
    this.stream(stream);
    const api = new GitHubApi(context, readSettings(context.settings));
    const mine = (issue: GitHubIssue) => !issue.pull_request && parseBody(issue.body).originLocalId === localId;
    // A push whose answer was lost created its issue moments ago: the newest issues find it before search indexes it.
    let url: string | null = api.url(`${api.repoPath}/issues`, {
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: String(GITHUB_PAGE_SIZE),
    });
    let found: GitHubIssue[] = [];
    for (let page = 0; url && page < RECENT_SCAN_PAGES && !found.length; page++) {
      const { data, response } = await api.json<GitHubIssue[]>('GET', url, `listing the recent issues of ${api.repoName}`);
      found = Array.isArray(data) ? data.filter(mine) : [];
      const link = nextLink(response.headers.link);
      url = link && this.onApi(api, link) ? link : null;
    }
    if (!found.length) {
      const q = `repo:${api.repoName} "${markerPhrase(localId)}" in:body is:issue`;
      const { data } = await api.json<{ items?: GitHubIssue[] }>(
        'GET',
        api.url('/search/issues', { q, per_page: String(GITHUB_PAGE_SIZE) }),
        `searching ${api.repoName} for the issue of ${localId}`,
      );
      // Search matches words, not the exact marker: the body says whether it is ours.
      found = (data.items ?? []).filter(mine);
    }
    if (!found.length) return null;
    // Should a lost answer have been followed by a second create, the first issue is the one to keep.
    const first = found.reduce((a, b) => (b.number < a.number ? b : a));
    return this.result(first, api);
  }

  /** A POST or PATCH of an issue; an assignee GitHub refuses (not a collaborator) is dropped rather than blocking the item. */
  private async write(
    api: GitHubApi,
    method: 'POST' | 'PATCH',
    url: string,
    what: string,
    body: Record<string, unknown>,
  ): Promise<GitHubIssue> {
    let response = await api.send(method, url, body);
    if (response.status === 422 && body.assignees !== undefined && /assignee/i.test(response.body)) {
      const { assignees: _refused, ...rest } = body;
      response = await api.send(method, url, rest);
    }
    if (response.status === 410) throw new ConnectorError(`${what}: the issue was deleted on GitHub`);
    if (response.status === 404 && method === 'PATCH')
      throw new ConnectorError(`${what}: GitHub answered HTTP 404: the issue or the repository does not exist, or the token cannot see it`);
    if (response.status < 200 || response.status >= 300) throw api.failure(response, what);
    try {
      return JSON.parse(response.body) as GitHubIssue;
    } catch {
      throw new ConnectorError(`${what}: GitHub answered HTTP ${response.status} with a body that is not JSON`);
    }
  }

  private result(issue: GitHubIssue, api: GitHubApi): PushResult<ActionItemFields> {
    const record = toRecord(issue, api.settings);
    return { externalId: record.externalId, version: record.version, fields: record.fields };
  }

  private listUrl(api: GitHubApi, since: string | null): string {
    return api.url(`${api.repoPath}/issues`, {
      state: 'all',
      sort: 'updated',
      direction: 'asc',
      ...(since ? { since } : {}),
      per_page: String(GITHUB_PAGE_SIZE),
    });
  }

  private issueUrl(api: GitHubApi, externalId: string): string {
    if (!/^\d{1,10}$/.test(externalId)) throw new ConnectorError(`"${externalId.slice(0, 40)}" is not a GitHub issue number`);
    return api.url(`${api.repoPath}/issues/${externalId}`);
  }

  /** A page URL from GitHub or a stored checkpoint: only ever on the configured API's origin (the token goes there). */
  private onApi(api: GitHubApi, raw: string): boolean {
    try {
      const url = new URL(raw);
      return url.origin === new URL(api.settings.apiUrl).origin && /\/issues$/.test(url.pathname);
    } catch {
      return false;
    }
  }

  private stream(stream: string): void {
    if (stream !== 'issues') throw new ConnectorError(`a github source has no stream ${stream}`);
  }
}
