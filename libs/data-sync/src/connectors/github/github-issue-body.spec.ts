import { composeBody, parseBody } from './github-issue-body';

const LINK = 'https://quorum.example.com/action-items/a1';
const ID = '6f1c2a54-8d0e-4b7a-9c1e-2f3a4b5c6d7e';

describe('the issue body', () => {
  it('writes the description, then a footer with the due date, the link back and the origin marker', () => {
    expect(composeBody('Ship the report', '2027-01-15T00:00:00.000Z', LINK, ID)).toBe(
      `Ship the report\n\n---\n**Due:** 2027-01-15 · [Open in Quorum](${LINK})\n<!-- quorum-id: ${ID} -->`,
    );
    expect(composeBody(null, null, LINK, ID)).toBe(`---\n[Open in Quorum](${LINK})\n<!-- quorum-id: ${ID} -->`);
  });

  it.each([
    ['a description and a date', 'Ship the report', '2027-01-15T00:00:00.000Z'],
    ['a due time that is not midnight', 'Ship it', '2027-01-15T16:30:00.000Z'],
    ['no description', null, '2027-01-15T00:00:00.000Z'],
    ['no due date', 'Only words', null],
    ['a rule and a marker-like text inside the description', 'Part one\n\n---\n\nPart two <!-- not ours -->', null],
  ])('reads back what it wrote: %s', (_, description, dueAt) => {
    expect(parseBody(composeBody(description, dueAt, LINK, ID))).toEqual({ description, dueAt, originLocalId: ID });
  });

  it('reads an issue written on GitHub (no footer) as its description alone', () => {
    expect(parseBody('Fix the login page\r\n\r\n---\r\nnotes')).toEqual({
      description: 'Fix the login page\n\n---\nnotes',
      dueAt: null,
      originLocalId: null,
    });
    expect(parseBody(null)).toEqual({ description: null, dueAt: null, originLocalId: null });
    expect(parseBody('   ')).toEqual({ description: null, dueAt: null, originLocalId: null });
  });

  it('keeps what a user wrote above the footer, CRLF and all, and reads a due date they changed', () => {
    const body = composeBody('First', '2027-01-15T00:00:00.000Z', LINK, ID)
      .replace('First', 'First\r\nand more')
      .replace('2027-01-15', '2027-02-01');
    expect(parseBody(body)).toEqual({ description: 'First\nand more', dueAt: '2027-02-01T00:00:00.000Z', originLocalId: ID });
  });

  it('ignores a due date that is not one', () => {
    expect(parseBody(`x\n\n---\n**Due:** 2027-13-45 · [Open in Quorum](${LINK})\n<!-- quorum-id: ${ID} -->`).dueAt).toBeNull();
  });
});
