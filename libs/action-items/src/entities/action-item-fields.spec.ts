import { ACTION_ITEM_PRIORITIES, ACTION_ITEM_STATUSES, OPEN_ACTION_ITEM_STATUSES } from './action-item-fields';

describe('action item fields', () => {
  it('counts only items that still need doing as open (and so as possibly overdue)', () => {
    expect([...OPEN_ACTION_ITEM_STATUSES].sort()).toEqual(['in_progress', 'open']);
    for (const status of OPEN_ACTION_ITEM_STATUSES) expect(ACTION_ITEM_STATUSES).toContain(status);
    expect(OPEN_ACTION_ITEM_STATUSES).not.toContain('done');
    expect(OPEN_ACTION_ITEM_STATUSES).not.toContain('cancelled');
  });

  it('orders priorities lowest first, the order `sort=priority` promises', () => {
    expect(ACTION_ITEM_PRIORITIES).toEqual(['low', 'medium', 'high', 'urgent']);
  });
});
