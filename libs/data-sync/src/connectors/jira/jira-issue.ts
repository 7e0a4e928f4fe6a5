import type { ActionItemFields, RemoteRecord } from '../connector';
import { fromAdf } from './jira-adf';
import type { JiraSettings } from './jira-settings';

/** The issue fields read: the synced ones, plus a few for transformation rules (`$raw`). */
export const ISSUE_FIELDS = ['summary', 'description', 'status', 'assignee', 'duedate', 'updated', 'priority', 'labels'];

/** An issue as REST API v3 answers it, the parts read. */
export interface JiraIssue {
  id: string;
  key: string;
  fields?: {
    summary?: string | null;
    description?: unknown;
    status?: { id?: string; name?: string; statusCategory?: { key?: string; name?: string } } | null;
    assignee?: { accountId?: string; displayName?: string; emailAddress?: string } | null;
    duedate?: string | null;
    updated?: string;
    priority?: { name?: string } | null;
    labels?: string[];
  };
}

/** The origin marker's local id rides along with the fields (it is not one of them). */
export type NormalisedIssue = RemoteRecord<ActionItemFields>;

/**
 * An issue as an action item. Status by the status's category (new → open, indeterminate → in_progress, done → done),
 * except a status named like `cancelledStatus`, which is cancelled. The assignee's e-mail comes from the assignees map
 * (Jira Cloud hides e-mail addresses unless the user allows them), else from the profile when visible.
 */
export function normaliseIssue(issue: JiraIssue, settings: JiraSettings): NormalisedIssue {
  const f = issue.fields ?? {};
  const description = fromAdf(f.description);
  const account = f.assignee?.accountId ?? null;
  const assigneeEmail = account ? (settings.emailsByAccount.get(account) ?? f.assignee?.emailAddress?.toLowerCase() ?? null) : null;
  const updated = typeof f.updated === 'string' ? f.updated : '';
  const updatedAt = parseJiraTime(updated);
  return {
    externalId: issue.key,
    version: updated,
    updatedAt,
    fields: {
      title: typeof f.summary === 'string' ? f.summary : '',
      description: description.text,
      status: statusOf(f.status, settings),
      assigneeEmail,
      assigneeName: account ? (f.assignee?.displayName ?? null) : null,
      dueAt: typeof f.duedate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(f.duedate) ? `${f.duedate}T00:00:00.000Z` : null,
    },
    raw: {
      key: issue.key,
      id: issue.id,
      summary: f.summary ?? null,
      status: f.status?.name ?? null,
      statusCategory: f.status?.statusCategory?.key ?? null,
      assigneeAccountId: account,
      duedate: f.duedate ?? null,
      priority: f.priority?.name ?? null,
      labels: Array.isArray(f.labels) ? f.labels.slice(0, 50) : [],
      updated: f.updated ?? null,
    },
    originLocalId: description.originLocalId,
  };
}

export function statusOf(
  status: NonNullable<JiraIssue['fields']>['status'],
  settings: Pick<JiraSettings, 'cancelledStatus'>,
): ActionItemFields['status'] {
  if (settings.cancelledStatus && sameName(status?.name, settings.cancelledStatus)) return 'cancelled';
  switch (status?.statusCategory?.key) {
    case 'done':
      return 'done';
    case 'indeterminate':
      return 'in_progress';
    default:
      return 'open';
  }
}

export function sameName(a: string | undefined | null, b: string): boolean {
  return typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Jira's timestamps (`2026-12-01T03:54:57.123+0000`) as a Date; null when unreadable. */
export function parseJiraTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const iso = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : new Date(at);
}

/**
 * A JQL date-time (`yyyy-MM-dd HH:mm`, minute precision) for an instant. Jira reads JQL times in the time zone of the
 * user who runs the search, so the instant is written as that zone's wall-clock time (floored to the minute).
 */
export function jqlTime(at: Date, timeZone: string): string {
  // Within an hour of a clock change a wall-clock time may be ambiguous, and Jira may read it as the later instant:
  // an hour earlier, whichever way Jira reads it, it is not after `at`.
  const hour = 3_600_000;
  const offset = offsetMs(at, timeZone);
  const steady = [-hour, hour].every((delta) => offsetMs(new Date(at.getTime() + delta), timeZone) === offset);
  return wallTime(steady ? at : new Date(at.getTime() - hour), timeZone);
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  const [date, time] = wallTime(at, timeZone).split(' ');
  return Date.parse(`${date}T${time}:00Z`) - Math.floor(at.getTime() / 60_000) * 60_000;
}

function wallTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** Whether Intl knows this IANA zone name. */
export function knownTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || !name) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A JQL string literal. */
export function jqlString(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
