import { renderTemplate } from './render-template';

describe('renderTemplate', () => {
  const facts = {
    title: 'Check the venue contract',
    dueAt: '2026-12-09T17:00:00.000Z',
    tags: ['customer', 'q4'],
    daysOverdue: 3,
    assigneeName: null,
  };

  it('fills facts in: instants as people read them, lists joined, nothing for null', () => {
    expect(renderTemplate('{{title}} (due {{dueAt}}) [{{tags}}] +{{daysOverdue}}d {{assigneeName}}', facts, 200)).toBe(
      'Check the venue contract (due 2026-12-09 17:00 UTC) [customer, q4] +3d ',
    );
  });

  it('leaves a text that only looks like a date alone, and clips to the bound', () => {
    expect(renderTemplate('{{title}}', { title: '2026-12-09 is the day' }, 200)).toBe('2026-12-09 is the day');
    expect(renderTemplate('{{title}}', facts, 10)).toBe('Check the…');
  });
});
