import { factsOf } from '../facts/fact-catalogue';
import { validateConditions } from './validate-conditions';

const items = factsOf('action_item');
const meetings = factsOf('meeting');

describe('validateConditions', () => {
  it('accepts conditions that fit the catalogue', () => {
    expect(
      validateConditions(
        {
          all: [
            { fact: 'priority', operator: 'in', value: ['high', 'urgent'] },
            { fact: 'dueAt', operator: 'olderThan', value: '3d' },
            { fact: 'assigneeUserId', operator: 'equal', value: null },
            {
              any: [
                { fact: 'daysOverdue', operator: 'greaterThanInclusive', value: 3 },
                { not: { fact: 'isOpen', operator: 'equal', value: false } },
              ],
            },
          ],
        },
        items,
      ),
    ).toEqual([]);
    expect(validateConditions({ fact: 'tags', operator: 'contains', value: 'customer' }, meetings)).toEqual([]);
  });

  it.each([
    [{ fact: 'priority', operator: 'equal', value: 'critical' }, 'conditions.value', /one of low, medium, high, urgent/],
    [{ fact: 'status', operator: 'equal', value: null }, 'conditions.value', /always has a value/],
    [{ fact: 'dueAt', operator: 'equal', value: '2026-01-01' }, 'conditions.value', /olderThan or withinNext/],
    [{ fact: 'daysOverdue', operator: 'lessThan', value: Number.NaN }, 'conditions.value', /number/],
    [{ fact: 'title', operator: 'in', value: [] }, 'conditions.value', /non-empty list/],
    [{ fact: 'title', operator: 'in', value: Array(101).fill('x') }, 'conditions.value', /at most 100/],
    [{ fact: 'tags', operator: 'equal', value: 'x' }, 'conditions.fact', /unknown fact/],
    [{ fact: 'meetingTags', operator: 'equal', value: 'x' }, 'conditions.operator', /does not apply/],
    [{ fact: 'title', operator: 'toString', value: 'x' }, 'conditions.operator', /unknown operator/],
    [{ fact: 'title', operator: 'equal' }, 'conditions.value', /required/],
    [{ all: [], any: [] }, 'conditions', /one of all, any and not/],
    [[], 'conditions', /must be an object/],
    [{ fact: 'title', operator: 'equal', value: 'x', params: {} }, 'conditions.params', /not supported/],
  ])('refuses %j at %s', (conditions, field, message) => {
    const errors = validateConditions(conditions, items);
    expect(errors).toEqual([expect.objectContaining({ field })]);
    expect(errors[0].message).toMatch(message);
  });

  it('bounds depth and size whatever is sent', () => {
    let deep: object = { fact: 'title', operator: 'equal', value: 'x' };
    for (let i = 0; i < 10_000; i++) deep = { not: deep };
    expect(validateConditions(deep, items)).toEqual([expect.objectContaining({ message: expect.stringMatching(/at most 8 levels/) })]);
    const wide = { any: Array.from({ length: 5000 }, () => ({ fact: 'title', operator: 'equal', value: 'x' })) };
    expect(validateConditions(wide, items)).toEqual([expect.objectContaining({ message: expect.stringMatching(/at most 50 conditions/) })]);
  });
});
