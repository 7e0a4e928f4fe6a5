/**
 * Sentence compression for the summary: spoken sentences carry words that hold the floor or soften a claim but say
 * nothing about the meeting ("so, yeah, I think we should basically…"). Dropping them, as a note-taker would, leaves
 * the content: "We should…". Only words that never carry the sentence's meaning go: discourse markers at the start,
 * hedges and fillers anywhere, tag questions at the end.
 */
const LEADING =
  /^(?:(?:so|and|but|well|okay|ok|alright|all right|right|yeah|yes|oh|now|then|also|anyway|actually|basically|like|i mean|you know|i think|i guess|i suppose|i believe)\b[\s,]*)+/i;
const HEDGES =
  /,?\s*\b(?:you know|i mean|kind of|sort of|i think|i guess|i suppose|basically|actually|really|just|probably|perhaps|maybe|obviously|of course|or something|or whatever|and stuff|and so on|and things like that|as well)\b,?/gi;
const FILLER_LIKE = /,\s*like,/gi;
const TAG = /,?\s*\b(?:right|okay|you know|isn't it|don't you|don't they|didn't we|is it|yeah)\s*([.?!]?)$/i;

export function compressSentence(text: string): string {
  let t = text.replace(LEADING, '');
  t = t.replace(FILLER_LIKE, ',').replace(HEDGES, (match) => (/^,/.test(match) && /,$/.test(match) ? ',' : ' '));
  t = t.replace(TAG, '$1');
  t = t
    .replace(/\s+([.,?!;:])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/^[\s,.;:]+/, '')
    .replace(/,\s*([.?!])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
  if (!/[a-z0-9]/i.test(t)) return text;
  return t.charAt(0).toUpperCase() + t.slice(1);
}
