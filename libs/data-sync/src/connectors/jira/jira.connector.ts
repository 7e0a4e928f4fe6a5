import { Injectable } from '@nestjs/common';
import type { OutboundResponse } from '@quorum/platform';
import {
  type ActionItemFields,
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type PushRequest,
  type PushResult,
} from '../connector';
import { toAdf } from './jira-adf';
import {
  ISSUE_FIELDS,
  type JiraIssue,
  jqlString,
  jqlTime,
  knownTimeZone,
  type NormalisedIssue,
  normaliseIssue,
  sameName,
  statusOf,
} from './jira-issue';
import { type JiraSettings, readJiraSettings, validateJira } from './jira-settings';

/** Issues per search page (the enhanced search allows up to 5000 with few fields; small pages keep transactions short). */
export const JIRA_PAGE_SIZE = 100;
/**
 * How far behind Jira's clock the cursor stays: Jira's search index is eventually consistent, so an issue changed just
 * before a search may show up in it only a little later. Re-reads are harmless (the engine compares hashes).
 */
export const JIRA_INDEX_LAG_MS = 60_000;
/** Without the user's time zone (an OAuth token without read:jira-user), JQL times are written in UTC this far back. */
const UNKNOWN_ZONE_MARGIN_MS = 14 * 3_600_000;
const ERROR_TEXT_MAX = 300;

/** The `issues` stream's state between runs and, mid-search, between pages. */
interface JiraState {
  /** ISO instant: the next search reads issues updated at or after it (at minute precision, so the boundary is re-read). */
  cursor?: string | null;
  /** A search under way: resumed with its page token, or run again from `since` when the token is refused. */
  search?: { since: string | null; token: string; startedAt: string; moved: boolean } | null;
}

/**
 * Jira Cloud (REST API v3): the `issues` stream of one project, as action items. Pull reads the enhanced JQL search
 * (`/rest/api/3/search/jql`, `updated >= cursor ORDER BY updated, key`, nextPageToken paging); push creates and edits
 * issues and moves their status by workflow transitions. The origin marker is a `quorum-id: <localId>` paragraph in
 * the description (with a link back). See docs/sync-connectors/jira.md.
 */
@Injectable()
export class JiraConnector implements Connector {
  readonly kind = 'jira';
  readonly streams = {
    issues: {
      entity: 'action_item',
      directions: ['push', 'both', 'pull'],
      // Work happens in Jira (people move and assign issues there); what to do is decided in Quorum.
      remoteOwns: ['status', 'assigneeEmail', 'assigneeName'],
      localOwns: ['title', 'description', 'dueAt'],
    },
  } as const;

  validate(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
    return validateJira(settings, credentials);
  }

  urls(settings: Record<string, unknown>): string[] {
    return typeof settings.siteUrl === 'string' ? [settings.siteUrl] : [];
  }

  async check(context: ConnectorContext): Promise<void> {
    const settings = readJiraSettings(context.settings);
    const response = await this.call(context, 'GET', `/rest/api/3/project/${encodeURIComponent(settings.projectKey)}`);
    if (response.status === 200) return;
    if (response.status === 404)
      throw new ConnectorError(`project ${settings.projectKey} does not exist, or this account may not browse it (Jira answered HTTP 404)`);
    throw failure(response, `reading project ${settings.projectKey}`);
  }

  async *read(context: ConnectorContext, stream: string, stored: Record<string, unknown> | null): AsyncIterable<ConnectorPage> {
    this.stream(stream);
    const settings = readJiraSettings(context.settings);
    const state = readState(stored);
    const log: string[] = [];
    let reset = false;
    if (stored && Object.keys(stored).length && !state) {
      log.push('the stored position was unreadable: reading the whole project again');
      reset = true;
    }
    const committed = state?.cursor ?? null;
    const search = state?.search ?? null;
    const zone = await this.timeZone(context);
    const since = search ? search.since : committed;
    const jql = searchJql(settings, since, zone);
    log.push(since ? `searching issues updated since ${since}` : 'searching all issues of the project');
    if (!zone) log.push('the user’s time zone is unknown (no read:jira-user scope?): reading 14 hours further back');
    let token = search?.token ?? null;
    let startedAt = search?.startedAt ?? null;
    let moved = search?.moved ?? false;
    let retriedRefusedToken = false;
    const tokensSeen = new Set<string>();
    for (;;) {
      const response = await this.search(context, jql, token, JIRA_PAGE_SIZE);
      if (response.status === 400 && token && !retriedRefusedToken) {
        // Page tokens expire; the search runs again from where it started (the same `since`), so nothing is skipped.
        log.push('Jira refused the stored page token: searching again from the start of this search');
        retriedRefusedToken = true;
        token = null;
        startedAt = null;
        moved = false;
        continue;
      }
      if (response.status !== 200) throw failure(response, 'searching issues');
      startedAt ??= jiraNow(response).toISOString();
      const body = json<{ issues?: JiraIssue[]; nextPageToken?: string | null; isLast?: boolean }>(response, 'the issue search');
      const records = (body.issues ?? []).map((issue) => normaliseIssue(issue, settings));
      // An issue changed after the search began moves to its end, and the issues after its old place may shift onto a
      // page already read: then the next search reads this range again. (The first page cannot have shifted.)
      if (token && records.some((r) => r.updatedAt && r.updatedAt.getTime() >= Date.parse(startedAt as string))) moved = true;
      const next = body.nextPageToken ?? null;
      const last = body.isLast === true || !next || tokensSeen.has(next);
      if (next) tokensSeen.add(next);
      let checkpoint: JiraState;
      if (last) {
        const cursor = moved ? since : laterOf(committed, new Date(Date.parse(startedAt) - JIRA_INDEX_LAG_MS).toISOString());
        checkpoint = { cursor };
        if (moved) log.push('issues changed during the search: the next run reads this range again');
      } else checkpoint = { cursor: committed, search: { since, token: next as string, startedAt, moved } };
      yield {
        records,
        checkpoint: checkpoint as Record<string, unknown>,
        last,
        ...(reset ? { reset } : {}),
        ...(log.length ? { log: log.splice(0) } : {}),
      };
      reset = false;
      if (last) return;
      token = next;
    }
  }

  async push(context: ConnectorContext, stream: string, request: PushRequest): Promise<PushResult> {
    this.stream(stream);
    const settings = readJiraSettings(context.settings);
    const fields = request.fields as ActionItemFields;
    const content: Record<string, unknown> = {
      summary: (fields.title || '(untitled)').replace(/[\r\n]+/g, ' ').slice(0, 255),
      description: toAdf(fields.description, request.link, request.localId),
      duedate: fields.dueAt ? fields.dueAt.slice(0, 10) : null,
    };
    const accountId = fields.assigneeEmail ? settings.assignees.get(fields.assigneeEmail.toLowerCase()) : undefined;
    // An e-mail missing from the assignees map cannot be named in Jira: the assignee is then left as it is.
    if (accountId) content.assignee = { accountId };
    else if (!fields.assigneeEmail && !fields.assigneeName && request.externalId) content.assignee = null;

    let key = request.externalId;
    if (!key) {
      const created = await this.call(context, 'POST', '/rest/api/3/issue', {
        // A new issue names only what it has (a field set to null may be refused when it is not on the create screen).
        fields: {
          project: { key: settings.projectKey },
          issuetype: { name: settings.issueType },
          ...Object.fromEntries(Object.entries(content).filter(([, value]) => value !== null)),
        },
      });
      if (created.status !== 201 && created.status !== 200) throw failure(created, `creating an issue in ${settings.projectKey}`);
      key = json<{ key?: string }>(created, 'the created issue').key ?? null;
      if (!key) throw new ConnectorError('Jira created an issue but did not say its key');
    } else {
      const updated = await this.call(context, 'PUT', issuePath(key), { fields: content });
      if (updated.status === 404) throw new ConnectorError(`issue ${key} no longer exists, or this account may not see it (HTTP 404)`);
      if (updated.status !== 204 && updated.status !== 200) throw failure(updated, `editing issue ${key}`);
    }

    let issue = await this.issue(context, key, settings);
    if (issue.fields.status !== fields.status) {
      await this.transition(context, key, fields.status, settings);
      issue = await this.issue(context, key, settings);
    }
    return { externalId: issue.externalId, version: issue.version, fields: issue.fields };
  }

  async findPushed(context: ConnectorContext, stream: string, localId: string): Promise<PushResult | null> {
    this.stream(stream);
    const settings = readJiraSettings(context.settings);
    // Issue properties are searchable only when an app indexes them; the description's marker is full-text searchable.
    const jql = `project = ${settings.projectKey} AND description ~ ${jqlString(`"${localId}"`)} ORDER BY created ASC`;
    const response = await this.search(context, jql, null, 20);
    if (response.status !== 200) throw failure(response, 'searching for a pushed issue');
    const issues = json<{ issues?: JiraIssue[] }>(response, 'the issue search').issues ?? [];
    // Full-text search is fuzzy: only an exact marker counts.
    const found = issues.map((issue) => normaliseIssue(issue, settings)).find((record) => record.originLocalId === localId);
    return found ? { externalId: found.externalId, version: found.version, fields: found.fields } : null;
  }

  /** Moves an issue to a status of the wanted kind through one of the transitions its workflow offers now. */
  private async transition(
    context: ConnectorContext,
    key: string,
    wanted: ActionItemFields['status'],
    settings: JiraSettings,
  ): Promise<void> {
    const listed = await this.call(context, 'GET', `${issuePath(key)}/transitions`);
    if (listed.status !== 200) throw failure(listed, `listing the transitions of issue ${key}`);
    type Transition = { id: string; name?: string; to?: { name?: string; statusCategory?: { key?: string } } };
    const transitions = json<{ transitions?: Transition[] }>(listed, 'the transitions').transitions ?? [];
    const [target, matches] = targetOf(wanted, settings);
    const chosen = transitions.find((t) => matches(t.to));
    if (!chosen)
      throw new ConnectorError(
        `issue ${key}: its workflow offers no transition to ${target} now (offered: ${transitions.map((t) => t.to?.name ?? t.name).join(', ') || 'none'}); check the workflow or the doneStatus/cancelledStatus settings`,
      );
    const done = await this.call(context, 'POST', `${issuePath(key)}/transitions`, { transition: { id: chosen.id } });
    if (done.status !== 204 && done.status !== 200) throw failure(done, `moving issue ${key} to ${chosen.to?.name ?? target}`);
  }

  private async issue(context: ConnectorContext, key: string, settings: JiraSettings): Promise<NormalisedIssue> {
    const response = await this.call(context, 'GET', `${issuePath(key)}?fields=${ISSUE_FIELDS.join(',')}`);
    if (response.status === 404) throw new ConnectorError(`issue ${key} no longer exists, or this account may not see it (HTTP 404)`);
    if (response.status !== 200) throw failure(response, `reading issue ${key}`);
    return normaliseIssue(json<JiraIssue>(response, `issue ${key}`), settings);
  }

  private search(context: ConnectorContext, jql: string, token: string | null, maxResults: number): Promise<OutboundResponse> {
    const query = new URLSearchParams({ jql, fields: ISSUE_FIELDS.join(','), maxResults: String(maxResults) });
    if (token) query.set('nextPageToken', token);
    return this.call(context, 'GET', `/rest/api/3/search/jql?${query.toString()}`);
  }

  /** The searching user's IANA time zone, in which Jira reads JQL times; null when Jira does not say. */
  private async timeZone(context: ConnectorContext): Promise<string | null> {
    const response = await this.call(context, 'GET', '/rest/api/3/myself');
    if (response.status === 401) throw failure(response, 'reading the account');
    if (response.status !== 200) return null;
    const zone = json<{ timeZone?: unknown }>(response, 'the account').timeZone;
    return knownTimeZone(zone) ? zone : null;
  }

  private call(context: ConnectorContext, method: string, path: string, body?: unknown): Promise<OutboundResponse> {
    const settings = readJiraSettings(context.settings);
    const headers: Record<string, string> = { accept: 'application/json' };
    const credentials = context.credentials;
    if (credentials?.token) headers.authorization = `Bearer ${credentials.token}`;
    else if (credentials?.email !== undefined)
      headers.authorization = `Basic ${Buffer.from(`${credentials.email}:${(credentials.apiToken as string | undefined) ?? ''}`).toString('base64')}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return context.http.request(`${settings.siteUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private stream(stream: string): void {
    if (stream !== 'issues') throw new ConnectorError(`a jira source has no stream ${stream}`);
  }
}

function searchJql(settings: JiraSettings, since: string | null, zone: string | null): string {
  let clause = '';
  if (since) {
    const at = new Date(Date.parse(since) - (zone ? 0 : UNKNOWN_ZONE_MARGIN_MS));
    clause = ` AND updated >= "${jqlTime(at, zone ?? 'UTC')}"`;
  }
  return `project = ${settings.projectKey}${clause} ORDER BY updated ASC, key ASC`;
}

/** The statuses a wanted local status may land on, and how to recognise one among a transition's targets. */
function targetOf(
  wanted: ActionItemFields['status'],
  settings: JiraSettings,
): [string, (to: { name?: string; statusCategory?: { key?: string } } | undefined) => boolean] {
  const named = (name: string) => [`status "${name}"`, (to: { name?: string } | undefined) => sameName(to?.name, name)] as const;
  const category = (key: string, label: string) =>
    [
      `a status in category ${label}`,
      (to: { name?: string; statusCategory?: { key?: string } } | undefined) =>
        to?.statusCategory?.key === key && statusOf(to as never, settings) !== 'cancelled',
    ] as const;
  switch (wanted) {
    case 'open':
      return [...category('new', 'To Do')];
    case 'in_progress':
      return [...category('indeterminate', 'In Progress')];
    case 'done':
      return settings.doneStatus ? [...named(settings.doneStatus)] : [...category('done', 'Done')];
    case 'cancelled':
      return settings.cancelledStatus ? [...named(settings.cancelledStatus)] : [...category('done', 'Done')];
  }
}

function readState(stored: Record<string, unknown> | null): JiraState | null {
  if (!stored) return null;
  const cursor = stored.cursor;
  if (cursor !== undefined && cursor !== null && (typeof cursor !== 'string' || Number.isNaN(Date.parse(cursor)))) return null;
  const search = stored.search as JiraState['search'];
  if (search !== undefined && search !== null) {
    if (typeof search !== 'object' || typeof search.token !== 'string' || typeof search.startedAt !== 'string') return null;
    if (search.since !== null && (typeof search.since !== 'string' || Number.isNaN(Date.parse(search.since)))) return null;
  }
  return { cursor: (cursor as string | undefined) ?? null, search: search ?? null };
}

function laterOf(a: string | null, b: string): string {
  return a && Date.parse(a) > Date.parse(b) ? a : b;
}

/** Jira's clock, from its Date header (our clock when absent): the search's start, compared with `updated` stamps. */
function jiraNow(response: OutboundResponse): Date {
  const header = response.headers.date;
  const at = typeof header === 'string' ? Date.parse(header) : NaN;
  return Number.isNaN(at) ? new Date() : new Date(at);
}

function issuePath(key: string): string {
  return `/rest/api/3/issue/${encodeURIComponent(key)}`;
}

function json<T>(response: OutboundResponse, what: string): T {
  try {
    return JSON.parse(response.body) as T;
  } catch {
    throw new ConnectorError(`${what}: Jira answered something other than JSON (HTTP ${response.status})`);
  }
}

/** A ConnectorError for an answer that is not the expected one, with Jira's own error messages (short). */
function failure(response: OutboundResponse, what: string): ConnectorError {
  let details = '';
  try {
    const body = JSON.parse(response.body) as { errorMessages?: unknown[]; errors?: Record<string, unknown> };
    const messages = [...(body.errorMessages ?? []), ...Object.entries(body.errors ?? {}).map(([k, v]) => `${k}: ${String(v)}`)];
    details = messages.map(String).join('; ').slice(0, ERROR_TEXT_MAX);
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const status = response.status;
  const hint =
    status === 401
      ? ' (check the e-mail and API token, or the OAuth token)'
      : status === 403
        ? ' (this account lacks a permission in the project)'
        : '';
  return new ConnectorError(
    `${what}: Jira answered HTTP ${status}${hint}${details ? `: ${details}` : ''}`,
    status === 429 || status >= 500,
  );
}
