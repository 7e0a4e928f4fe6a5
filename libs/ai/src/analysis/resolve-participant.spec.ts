import { resolveParticipant } from './resolve-participant';

const participants = [
  { name: 'Grace Hopper', email: 'grace@example.com', userId: 'u-grace' },
  { name: 'Linus', email: 'linus@example.com' },
  { name: 'Ada Lovelace', email: 'ada@example.com' },
  { name: 'Ada Byron', email: 'byron@example.com' },
];

describe('resolveParticipant', () => {
  it('resolves a full or unique first name, member first, else the outsider with an address', () => {
    expect(resolveParticipant('grace', participants)).toEqual({ assigneeUserId: 'u-grace' });
    expect(resolveParticipant('Grace  Hopper', participants)).toEqual({ assigneeUserId: 'u-grace' });
    expect(resolveParticipant('Linus', participants)).toEqual({ assigneeName: 'Linus', assigneeEmail: 'linus@example.com' });
  });

  it('keeps an ambiguous or unknown name as a name, and nothing for no name', () => {
    expect(resolveParticipant('Ada', participants)).toEqual({ assigneeName: 'Ada' });
    expect(resolveParticipant('Margaret', participants)).toEqual({ assigneeName: 'Margaret' });
    expect(resolveParticipant(null, participants)).toBeNull();
    expect(resolveParticipant('  ', participants)).toBeNull();
  });
});
