/** A passage of a plain-text or Markdown document, with the headings above it (for citations and for the index). */
export interface DocumentChunk {
  index: number;
  /** The passage's paragraphs, separated by blank lines. */
  text: string;
  words: number;
  /** The headings above the passage, outermost first (empty before the first heading and in plain text). */
  headingPath: string[];
}

export interface DocumentChunkOptions {
  /** Upper bound on words per chunk. Default 150. */
  maxWords?: number;
  /** Words repeated from the end of a cut paragraph at the start of its next window. Default 25. */
  overlapWords?: number;
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean);

/**
 * Splits plain text or Markdown into passages that respect its structure: ATX headings (`#` to `######`) open sections
 * and are kept as the heading path of the passages below them; paragraphs (blocks between blank lines) of one section
 * are packed whole up to `maxWords`; a paragraph longer than that is cut into windows with `overlapWords` of overlap.
 * A passage never spans two sections. Fenced code blocks are kept as paragraphs (a `#` inside them is not a heading).
 */
export function chunkDocument(source: string, options: DocumentChunkOptions = {}): DocumentChunk[] {
  const maxWords = Math.max(1, Math.floor(options.maxWords ?? 150));
  const overlapWords = Math.max(0, Math.min(Math.floor(options.overlapWords ?? 25), Math.floor(maxWords / 2)));
  const chunks: DocumentChunk[] = [];
  const path: { level: number; title: string }[] = [];
  let paragraphs: string[] = [];
  let words = 0;

  const flush = () => {
    if (!paragraphs.length) return;
    chunks.push({ index: chunks.length, text: paragraphs.join('\n\n'), words, headingPath: path.map((h) => h.title) });
    paragraphs = [];
    words = 0;
  };
  const addParagraph = (paragraph: string) => {
    const tokens = wordsOf(paragraph);
    if (!tokens.length) return;
    if (tokens.length > maxWords) {
      flush();
      const step = Math.max(1, maxWords - overlapWords);
      for (let from = 0; ; from += step) {
        paragraphs = [tokens.slice(from, from + maxWords).join(' ')];
        words = Math.min(maxWords, tokens.length - from);
        flush();
        if (from + maxWords >= tokens.length) break;
      }
      return;
    }
    if (words + tokens.length > maxWords) flush();
    paragraphs.push(paragraph.trim());
    words += tokens.length;
  };

  let block: string[] = [];
  let fenced = false;
  const endBlock = () => {
    addParagraph(block.join('\n'));
    block = [];
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : HEADING.exec(line);
    if (heading) {
      endBlock();
      flush();
      const level = heading[1].length;
      while (path.length && path[path.length - 1].level >= level) path.pop();
      path.push({ level, title: heading[2] });
    } else if (!fenced && !line.trim()) {
      endBlock();
    } else {
      block.push(line);
    }
  }
  endBlock();
  flush();
  return chunks;
}
