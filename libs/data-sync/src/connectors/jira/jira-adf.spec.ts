import { fromAdf, toAdf } from './jira-adf';

describe('Jira ADF descriptions', () => {
  it('round-trips the text and finds the marker, without the link and marker paragraphs', () => {
    const doc = toAdf('First line\nsecond line\n\n\nNext paragraph', 'https://q.example/a/1', 'abc-123');
    expect(fromAdf(doc)).toEqual({ text: 'First line\nsecond line\n\nNext paragraph', originLocalId: 'abc-123' });
  });

  it('writes no text paragraph for an empty description, and reads it back as null', () => {
    const doc = toAdf('  \n ', 'https://q.example/a/1', 'id-1');
    expect(doc.content).toHaveLength(2);
    expect(fromAdf(doc)).toEqual({ text: null, originLocalId: 'id-1' });
  });

  it('reads what people write in Jira: lists, headings, mentions, cards, code', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Plan' }] },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [
                {
                  type: 'paragraph',
                  content: [
                    { type: 'text', text: 'ask ' },
                    { type: 'mention', attrs: { id: 'x', text: '@Ada' } },
                  ],
                },
              ],
            },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'inlineCard', attrs: { url: 'https://e.example' } }] }] },
          ],
        },
        { type: 'codeBlock', content: [{ type: 'text', text: 'npm test' }] },
        { type: 'rule' },
      ],
    };
    expect(fromAdf(doc)).toEqual({ text: 'Plan\n\n- ask @Ada\n- https://e.example\n\nnpm test', originLocalId: null });
  });

  it('takes the first marker and ignores garbage', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'quorum-id: first' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'quorum-id: second' }] },
      ],
    };
    expect(fromAdf(doc).originLocalId).toBe('first');
    expect(fromAdf(null)).toEqual({ text: null, originLocalId: null });
    expect(fromAdf('plain string')).toEqual({ text: null, originLocalId: null });
  });
});
