const LEADING_FILLER = /^(?:(?:so|okay|ok|and|but|well|right|alright|yeah|yes|now|then|um|uh|oh|like|anyway)\b[\s,.]*)+/i;
const MAX_CHARS = 140;

/** The sentence as an item title: leading discourse markers dropped, capitalised, cut at a word near 140 characters. */
export function itemTitle(sentence: string): string {
  let title = sentence.replace(LEADING_FILLER, '').trim() || sentence.trim();
  if (title.length > MAX_CHARS) {
    const cut = title.lastIndexOf(' ', MAX_CHARS - 1);
    title = `${title.slice(0, cut > 40 ? cut : MAX_CHARS - 1).replace(/[\s,;:]+$/, '')}…`;
  }
  return title.charAt(0).toUpperCase() + title.slice(1);
}
