import type { ActionItemFields } from '../connector';
import { assigneesFor, type GitHubIssue, stateFor, toRecord } from './github-issue';
import { composeBody } from './github-issue-body';
import { readSettings } from './github-settings';

const settings = readSettings({
  owner: 'acme',
  repo: 'roadmap',
  assignees: { 'Ada@Example.com': 'ada-l', 'grace@example.com': 'ghopper' },
});
const issue = (over: Partial<GitHubIssue> = {}): GitHubIssue => ({
  number: 7,
  title: 'Ship the report',
  body: composeBody('Numbers for Q1', '2027-01-15T00:00:00.000Z', 'https://q/x', 'local-1'),
  state: 'open',
  state_reason: null,
  assignees: [{ login: 'ADA-L' }, { login: 'ghopper' }],
  labels: [{ name: 'quorum' }, 'plain'],
  updated_at: '2027-01-02T03:04:05Z',
  ...over,
});
const fields = (over: Partial<ActionItemFields> = {}): ActionItemFields => ({
  title: 't',
  description: null,
  status: 'open',
  assigneeEmail: null,
  assigneeName: null,
  dueAt: null,
  ...over,
});

describe('an issue as an action item', () => {
  it('maps the first assignee to its e-mail, takes the footer off and finds the origin marker', () => {
    const record = toRecord(issue(), settings);
    expect(record).toMatchObject({
      externalId: '7',
      version: '2027-01-02T03:04:05Z',
      updatedAt: new Date('2027-01-02T03:04:05Z'),
      originLocalId: 'local-1',
      fields: {
        title: 'Ship the report',
        description: 'Numbers for Q1',
        status: 'open',
        assigneeEmail: 'ada@example.com',
        assigneeName: null,
        dueAt: '2027-01-15T00:00:00.000Z',
      },
    });
    expect(record.raw).toMatchObject({ labels: ['quorum', 'plain'], assignees: ['ADA-L', 'ghopper'] });
  });

  it('keeps an unmapped login as the assignee name, and no assignee as none', () => {
    expect(toRecord(issue({ assignees: [{ login: 'octocat' }] }), settings).fields).toMatchObject({
      assigneeEmail: null,
      assigneeName: 'octocat',
    });
    expect(toRecord(issue({ assignees: [] }), settings).fields).toMatchObject({ assigneeEmail: null, assigneeName: null });
  });

  it.each([
    ['open', null, 'open'],
    ['open', 'reopened', 'open'],
    ['closed', 'completed', 'done'],
    ['closed', null, 'done'],
    ['closed', 'not_planned', 'cancelled'],
    ['closed', 'duplicate', 'cancelled'],
  ] as const)('reads state %s (%s) as %s', (state, reason, status) => {
    expect(toRecord(issue({ state, state_reason: reason }), settings).fields.status).toBe(status);
  });

  it('writes statuses as GitHub states', () => {
    expect(stateFor('done')).toEqual({ state: 'closed', state_reason: 'completed' });
    expect(stateFor('cancelled')).toEqual({ state: 'closed', state_reason: 'not_planned' });
    expect(stateFor('in_progress')).toEqual({ state: 'open' });
    expect(stateFor('open')).toEqual({ state: 'open' });
  });

  it('assigns a mapped e-mail, gives a pulled login back, and leaves assignees alone for what GitHub cannot know', () => {
    expect(assigneesFor(fields({ assigneeEmail: 'GRACE@example.com' }), settings)).toEqual(['ghopper']);
    expect(assigneesFor(fields({ assigneeName: 'octocat' }), settings)).toEqual(['octocat']);
    expect(assigneesFor(fields(), settings)).toEqual([]);
    expect(assigneesFor(fields({ assigneeEmail: 'someone@else.org' }), settings)).toBeUndefined();
    expect(assigneesFor(fields({ assigneeName: 'Ada Lovelace' }), settings)).toBeUndefined();
  });
});
