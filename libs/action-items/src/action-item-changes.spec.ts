import { type ActionItemChanges, applyChanges, applyStatus, type ChangeableActionItem } from './action-item-changes';
import { ACTION_ITEM_STATUSES } from './entities/action-item-fields';

/** The clock of every change here: far from the real one, so a completedAt can only have come from `now`. */
const NOW = new Date('2031-07-04T12:34:56.789Z');
const COMPLETED = new Date('2026-02-10T08:00:00.000Z');
const MEETING = '6b1f3c2a-9d4e-4f5a-8b7c-1d2e3f4a5b6c';
const OTHER_MEETING = '7c2a4d3b-0e5f-4a6b-9c8d-2e3f4a5b6c7d';
const MEMBER = '8d3b5e4c-1f6a-4b7c-8d9e-3f4a5b6c7d8e';
const OTHER_MEMBER = '9e4c6f5d-2a7b-4c8d-9e0f-4a5b6c7d8e9f';

type Item = ChangeableActionItem & { id: string; origin: string; version: number };

/** An open item of a meeting, assigned to a member, with fields no change may touch beside the ones it may. */
function item(overrides: Partial<Item> = {}): Item {
  return {
    id: 'a1',
    origin: 'manual',
    version: 3,
    title: 'Send the budget',
    description: 'With the travel lines',
    status: 'open',
    priority: 'medium',
    dueAt: new Date('2026-03-01T17:00:00.000Z'),
    completedAt: null,
    assigneeUserId: MEMBER,
    assigneeName: null,
    assigneeEmail: null,
    meetingId: MEETING,
    segmentId: 'seg-0042',
    ...overrides,
  };
}

/** An item assigned to an outsider instead. */
const outsider = (overrides: Partial<Item> = {}) =>
  item({ assigneeUserId: null, assigneeName: 'Grace Hopper', assigneeEmail: 'grace@example.com', ...overrides });

/** The item after applying `changes` at NOW. */
function changed(before: Item, changes: ActionItemChanges): Item {
  const subject = { ...before };
  applyChanges(subject, changes, NOW);
  return subject;
}

describe('applyStatus', () => {
  const pairs = ACTION_ITEM_STATUSES.flatMap((from) => ACTION_ITEM_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s: completedAt is stamped on becoming done, kept while done, null otherwise', (from, to) => {
    const subject = item({ status: from, completedAt: from === 'done' ? COMPLETED : null });
    applyStatus(subject, to, NOW);
    const completedAt = to !== 'done' ? null : from === 'done' ? COMPLETED : NOW;
    expect(subject).toEqual(item({ status: to, completedAt }));
  });

  it('completes again with the new time after a reopening', () => {
    const subject = item({ status: 'done', completedAt: COMPLETED });
    applyStatus(subject, 'open', NOW);
    applyStatus(subject, 'done', NOW);
    expect(subject).toMatchObject({ status: 'done', completedAt: NOW });
  });
});

describe('applyChanges', () => {
  it('changes nothing for an empty change, whoever the assignee', () => {
    expect(changed(item(), {})).toEqual(item());
    expect(changed(outsider(), {})).toEqual(outsider());
    expect(changed(item({ status: 'done', completedAt: COMPLETED }), {})).toEqual(item({ status: 'done', completedAt: COMPLETED }));
  });

  it.each<[string, ActionItemChanges]>([
    ['a new title', { title: 'Send the revised budget' }],
    ['a new description', { description: 'Only the Q3 lines' }],
    ['a cleared description', { description: null }],
    ['a new priority', { priority: 'urgent' }],
    ['a new due date', { dueAt: new Date('2026-04-01T17:00:00.000Z') }],
    ['a cleared due date', { dueAt: null }],
    ['another segment of the same meeting', { segmentId: 'seg-0043' }],
    ['a cleared segment', { segmentId: null }],
    ['the same meeting again (the segment stays)', { meetingId: MEETING }],
    ['another member', { assigneeUserId: OTHER_MEMBER }],
    ['the same status (no completedAt)', { status: 'open' }],
  ])('%s changes that field and no other', (_case, changes) => {
    expect(changed(item(), changes)).toEqual(item(changes as Partial<Item>));
  });

  it('sets every plain field of one change together', () => {
    const changes = { title: 'Renamed', description: null, priority: 'low', dueAt: null } satisfies ActionItemChanges;
    expect(changed(item(), changes)).toEqual(item(changes));
  });

  describe('status and completion', () => {
    it('stamps completedAt with `now` when the change makes the item done', () => {
      expect(changed(item(), { status: 'done' })).toEqual(item({ status: 'done', completedAt: NOW }));
    });

    it('clears completedAt when the change takes the item out of done', () => {
      expect(changed(item({ status: 'done', completedAt: COMPLETED }), { status: 'in_progress' })).toEqual(item({ status: 'in_progress' }));
    });

    it('keeps completedAt when a done item is sent done again', () => {
      const done = item({ status: 'done', completedAt: COMPLETED });
      expect(changed(done, { status: 'done', title: 'Renamed' })).toEqual({ ...done, title: 'Renamed' });
    });

    it('keeps completedAt when the change does not name a status', () => {
      const done = item({ status: 'done', completedAt: COMPLETED });
      expect(changed(done, { priority: 'high', dueAt: null })).toEqual({ ...done, priority: 'high', dueAt: null });
    });

    it('completes along with other fields', () => {
      expect(changed(item(), { status: 'done', title: 'Sent' })).toEqual(item({ status: 'done', completedAt: NOW, title: 'Sent' }));
    });
  });

  describe('meeting and segment', () => {
    it('clears the segment when the item moves to another meeting', () => {
      expect(changed(item(), { meetingId: OTHER_MEETING })).toEqual(item({ meetingId: OTHER_MEETING, segmentId: null }));
    });

    it('clears the segment when the item leaves its meeting', () => {
      expect(changed(item(), { meetingId: null })).toEqual(item({ meetingId: null, segmentId: null }));
    });

    it('keeps a segment sent along with the new meeting', () => {
      expect(changed(item(), { meetingId: OTHER_MEETING, segmentId: 'seg-0001' })).toEqual(
        item({ meetingId: OTHER_MEETING, segmentId: 'seg-0001' }),
      );
    });

    it('gives an item without a meeting one, with no segment', () => {
      const loose = item({ meetingId: null, segmentId: null });
      expect(changed(loose, { meetingId: MEETING })).toEqual(item({ segmentId: null }));
    });
  });

  describe('one assignee at a time', () => {
    it('naming a member clears the outsider', () => {
      expect(changed(outsider(), { assigneeUserId: MEMBER })).toEqual(item());
    });

    it('naming an outsider by name clears the member', () => {
      expect(changed(item(), { assigneeName: 'Grace Hopper' })).toEqual(item({ assigneeUserId: null, assigneeName: 'Grace Hopper' }));
    });

    it('naming an outsider by email clears the member', () => {
      expect(changed(item(), { assigneeEmail: 'grace@example.com' })).toEqual(
        item({ assigneeUserId: null, assigneeEmail: 'grace@example.com' }),
      );
    });

    it('naming an outsider by name and email clears the member', () => {
      expect(changed(item(), { assigneeName: 'Grace Hopper', assigneeEmail: 'grace@example.com' })).toEqual(outsider());
    });

    it('changing one outsider field keeps the other', () => {
      expect(changed(outsider(), { assigneeName: 'G. Hopper' })).toEqual(outsider({ assigneeName: 'G. Hopper' }));
      expect(changed(outsider(), { assigneeEmail: 'gh@example.com' })).toEqual(outsider({ assigneeEmail: 'gh@example.com' }));
    });

    it('clearing the member leaves the item unassigned, and clearing no member touches no outsider', () => {
      expect(changed(item(), { assigneeUserId: null })).toEqual(item({ assigneeUserId: null }));
      expect(changed(outsider(), { assigneeUserId: null })).toEqual(outsider());
    });

    it('clearing outsider fields leaves the member alone', () => {
      expect(changed(item(), { assigneeName: null, assigneeEmail: null })).toEqual(item());
      expect(changed(outsider(), { assigneeName: null, assigneeEmail: null })).toEqual(
        outsider({ assigneeName: null, assigneeEmail: null }),
      );
    });

    it('clearing one outsider field keeps the other, and no member appears', () => {
      expect(changed(outsider(), { assigneeEmail: null })).toEqual(outsider({ assigneeEmail: null }));
    });

    it('replacing an outsider with another member of the tenant', () => {
      expect(changed(outsider(), { assigneeUserId: OTHER_MEMBER })).toEqual(item({ assigneeUserId: OTHER_MEMBER }));
    });
  });
});
