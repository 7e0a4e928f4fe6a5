/**
 * A light suffix stemmer, so "buttons"/"button" and "designing"/"designed"/"design" count as one term.
 * Deliberately weaker than Porter's: it only has to group one meeting's words, and a weak stemmer does not merge unrelated ones.
 */
export function stem(word: string): string {
  let w = word.endsWith("'s") ? word.slice(0, -2) : word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  return w.length > 4 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/** "stopped" → "stopp" → "stop"; "called" keeps its double l. */
function undouble(w: string): string {
  const n = w.length;
  return n >= 3 && w[n - 1] === w[n - 2] && !'lsz'.includes(w[n - 1]) ? w.slice(0, -1) : w;
}
