import type { ActionItemFields, RemoteRecord } from '../connector';
import { parseBody } from './github-issue-body';
import { type GitHubSettings, LOGIN } from './github-settings';

/** The part of GitHub's issue JSON this connector reads. */
export interface GitHubIssue {
  number: number;
  title: string;
  body?: string | null;
  state: 'open' | 'closed';
  state_reason?: string | null;
  assignees?: { login: string }[] | null;
  assignee?: { login: string } | null;
  labels?: (string | { name?: string })[];
  user?: { login: string } | null;
  html_url?: string;
  created_at?: string;
  updated_at: string;
  closed_at?: string | null;
  pull_request?: unknown;
}

/** What a PATCH sets for a status: GitHub knows open and closed, with a reason. */
export function stateFor(status: ActionItemFields['status']): { state: 'open' | 'closed'; state_reason?: 'completed' | 'not_planned' } {
  if (status === 'done') return { state: 'closed', state_reason: 'completed' };
  if (status === 'cancelled') return { state: 'closed', state_reason: 'not_planned' };
  return { state: 'open' };
}

/**
 * The GitHub logins to assign for an item, or undefined to leave the issue's assignees alone. A mapped e-mail gives its
 * login; an item whose only assignee is a name that is a login (as pulled from an unmapped assignee) gives that login
 * back; an e-mail or a name GitHub cannot know leaves the assignees as they are (the tracker owns them).
 */
export function assigneesFor(fields: ActionItemFields, settings: GitHubSettings): string[] | undefined {
  if (fields.assigneeEmail) {
    const login = settings.loginByEmail.get(fields.assigneeEmail.toLowerCase());
    return login ? [login] : undefined;
  }
  if (fields.assigneeName) return LOGIN.test(fields.assigneeName) ? [fields.assigneeName] : undefined;
  return [];
}

/** An issue as the `issues` stream's record; the same normalisation answers a push, so the echo hashes equal. */
export function toRecord(issue: GitHubIssue, settings: GitHubSettings): RemoteRecord<ActionItemFields> {
  const body = parseBody(issue.body);
  const login = issue.assignees?.[0]?.login ?? issue.assignee?.login ?? null;
  const email = login ? (settings.emailByLogin.get(login.toLowerCase()) ?? null) : null;
  return {
    externalId: String(issue.number),
    version: issue.updated_at,
    updatedAt: new Date(issue.updated_at),
    fields: {
      title: issue.title,
      description: body.description,
      status: statusOf(issue),
      assigneeEmail: email,
      assigneeName: email ? null : login,
      dueAt: body.dueAt,
    },
    originLocalId: body.originLocalId,
    raw: {
      number: issue.number,
      title: issue.title,
      state: issue.state,
      state_reason: issue.state_reason ?? null,
      labels: (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
      assignees: (issue.assignees ?? []).map((a) => a.login),
      user: issue.user?.login ?? null,
      html_url: issue.html_url ?? null,
      created_at: issue.created_at ?? null,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at ?? null,
    },
  };
}

function statusOf(issue: GitHubIssue): ActionItemFields['status'] {
  if (issue.state !== 'closed') return 'open';
  // `duplicate` (newer GitHub) is closed without the work done, like `not_planned`; none (old issues) is completed.
  return issue.state_reason === 'not_planned' || issue.state_reason === 'duplicate' ? 'cancelled' : 'done';
}
