/** What a session created without a title is called until its first question names it. */
export const UNTITLED = 'New chat';

/** Long enough to tell conversations apart in a list, short enough for one line of it. */
const TITLE_CHARS = 80;

/**
 * A session's title from its first question: one line, control characters and runs of white space made single
 * spaces, cut at a word boundary within 80 characters (counted in code points, so no emoji is split) with "…".
 */
export function titleFrom(question: string): string {
  const line = question
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(line);
  if (chars.length === 0) return UNTITLED;
  if (chars.length <= TITLE_CHARS) return line;
  const cut = chars.slice(0, TITLE_CHARS - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space >= TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
