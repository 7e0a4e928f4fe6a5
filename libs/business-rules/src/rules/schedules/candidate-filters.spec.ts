import { candidateFilters } from './candidate-filters';

const now = new Date('2026-06-10T12:00:00Z');
const DAY = 86_400_000;

describe('candidateFilters', () => {
  it('turns the conditions every match must meet into list filters', () => {
    const filters = candidateFilters(
      'action_item',
      {
        all: [
          { fact: 'priority', operator: 'equal', value: 'urgent' },
          { fact: 'status', operator: 'in', value: ['open', 'in_progress'] },
          { fact: 'dueAt', operator: 'olderThan', value: '3d' },
        ],
      },
      now,
    );
    expect(filters.priority).toEqual(['urgent']);
    expect(filters.status).toEqual(['open', 'in_progress']);
    // A minute of slack: an item due exactly three days ago is still read.
    expect(filters.dueTo!.getTime()).toBe(now.getTime() - 3 * DAY + 60_000);
  });

  it('reads daysOverdue as a due date bound on open items', () => {
    const gt = candidateFilters('action_item', { fact: 'daysOverdue', operator: 'greaterThan', value: 2 }, now);
    expect(gt).toEqual({ dueTo: new Date(now.getTime() - 3 * DAY + 60_000), status: ['open', 'in_progress'] });
    const gte = candidateFilters('action_item', { fact: 'daysOverdue', operator: 'greaterThanInclusive', value: 2 }, now);
    expect(gte.dueTo).toEqual(new Date(now.getTime() - 2 * DAY + 60_000));
    // daysOverdue >= 0 holds for every item, so it filters nothing.
    expect(candidateFilters('action_item', { fact: 'daysOverdue', operator: 'greaterThanInclusive', value: 0 }, now)).toEqual({});
  });

  it('bounds withinNext on both sides', () => {
    const f = candidateFilters('action_item', { all: [{ fact: 'dueAt', operator: 'withinNext', value: '1d' }] }, now);
    expect(f).toEqual({ dueFrom: new Date(now.getTime() - 60_000), dueTo: new Date(now.getTime() + DAY + 60_000) });
  });

  it('leaves any, not and unknown shapes to the evaluation', () => {
    expect(
      candidateFilters(
        'action_item',
        {
          all: [
            { any: [{ fact: 'priority', operator: 'equal', value: 'urgent' }] },
            { not: { fact: 'status', operator: 'equal', value: 'done' } },
            { fact: 'priority', operator: 'notIn', value: ['low'] },
          ],
        },
        now,
      ),
    ).toEqual({});
    expect(candidateFilters('action_item', { any: [{ fact: 'status', operator: 'equal', value: 'open' }] }, now)).toEqual({});
  });

  it('filters meetings by status and tag', () => {
    expect(
      candidateFilters(
        'meeting',
        {
          all: [
            { fact: 'status', operator: 'equal', value: 'completed' },
            { fact: 'tags', operator: 'contains', value: 'customer' },
            { fact: 'hasActionItems', operator: 'equal', value: false },
          ],
        },
        now,
      ),
    ).toEqual({ status: ['completed'], tag: 'customer' });
  });
});
