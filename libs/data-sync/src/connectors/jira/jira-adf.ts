/** An Atlassian Document Format node: Jira Cloud's REST API v3 speaks rich text only in this shape. */
export interface AdfNode {
  type: string;
  version?: number;
  text?: string;
  content?: AdfNode[];
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** The origin marker's text: the paragraph Quorum writes last in an issue's description. */
export const MARKER_PREFIX = 'quorum-id: ';
/** The paragraph holding the link back to the action item in Quorum. */
export const LINK_PREFIX = 'Open in Quorum: ';

/**
 * An issue's description: the action item's text (paragraphs split on blank lines, line breaks as hardBreak), the
 * link back and the origin marker, each a paragraph of its own so they can be told apart when read back.
 */
export function toAdf(description: string | null, link: string, localId: string): AdfNode {
  const content: AdfNode[] = [];
  const text = (description ?? '').replace(/\r\n?/g, '\n').trim();
  if (text)
    for (const block of text.split(/\n\s*\n/)) {
      const lines = block.split('\n');
      const inline: AdfNode[] = [];
      lines.forEach((line, i) => {
        if (i > 0) inline.push({ type: 'hardBreak' });
        if (line) inline.push({ type: 'text', text: line });
      });
      content.push({ type: 'paragraph', content: inline });
    }
  content.push({
    type: 'paragraph',
    content: [
      { type: 'text', text: LINK_PREFIX },
      { type: 'text', text: link, marks: [{ type: 'link', attrs: { href: link } }] },
    ],
  });
  content.push({ type: 'paragraph', content: [{ type: 'text', text: `${MARKER_PREFIX}${localId}` }] });
  return { type: 'doc', version: 1, content };
}

/** A description read back: its plain text without Quorum's link and marker paragraphs, and the marker's local id. */
export interface ReadDescription {
  text: string | null;
  originLocalId: string | null;
}

/** Reads an ADF description (as Jira or a person edited it) into plain text; blocks are separated by a blank line. */
export function fromAdf(doc: unknown): ReadDescription {
  let originLocalId: string | null = null;
  const blocks: string[] = [];
  const top = isNode(doc) && Array.isArray(doc.content) ? doc.content : [];
  for (const block of top) {
    const text = plain(block).trim();
    if (text.startsWith(MARKER_PREFIX)) {
      // A person may edit around the marker, but the first one names the origin.
      originLocalId ??= text.slice(MARKER_PREFIX.length).trim() || null;
      continue;
    }
    if (text.startsWith(LINK_PREFIX)) continue;
    if (text) blocks.push(text);
  }
  return { text: blocks.length ? blocks.join('\n\n') : null, originLocalId };
}

/** The plain text of one node: text and inline atoms (mentions, emoji, cards), nested blocks one per line. */
function plain(node: unknown, depth = 0): string {
  if (!isNode(node) || depth > 50) return '';
  switch (node.type) {
    case 'text':
      return typeof node.text === 'string' ? node.text : '';
    case 'hardBreak':
      return '\n';
    case 'mention':
    case 'emoji':
    case 'status':
      return typeof node.attrs?.text === 'string' ? node.attrs.text : '';
    case 'inlineCard':
    case 'blockCard':
      return typeof node.attrs?.url === 'string' ? node.attrs.url : '';
  }
  const children = Array.isArray(node.content) ? node.content : [];
  const inline = children.every((child) => isNode(child) && INLINE.has(child.type));
  const parts = children.map((child) => plain(child, depth + 1));
  const body = inline ? parts.join('') : parts.filter((part) => part.trim()).join('\n');
  return node.type === 'listItem' ? `- ${body}` : body;
}

const INLINE = new Set(['text', 'hardBreak', 'mention', 'emoji', 'status', 'inlineCard', 'date']);

function isNode(value: unknown): value is AdfNode {
  return typeof value === 'object' && value !== null && typeof (value as AdfNode).type === 'string';
}
