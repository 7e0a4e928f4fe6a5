/** The tag untrusted text travels in. Its name says what it is, so the model reads it as a label, not an instruction. */
export const UNTRUSTED_TAG = 'untrusted_data';

/**
 * Anything in the text that could read as the tag opening or closing (any case, spaces inside the
 * brackets), so a transcript cannot close its own block and speak as the prompt.
 */
const TAG_LOOKALIKE = new RegExp(`<(\\s*/?\\s*)(${UNTRUSTED_TAG})`, 'gi');

/** Neutralises tag look-alikes by escaping their `<`; nothing else in the text changes. */
export function escapeUntrusted(text: string): string {
  return text.replace(TAG_LOOKALIKE, '&lt;$1$2');
}

/**
 * Wraps untrusted text (a transcript, a participant's words, an uploaded document) as data:
 * `<untrusted_data label="transcript">…</untrusted_data>`, with every look-alike of the tag inside
 * escaped. The label is ours, never the user's, and is checked to stay a plain word.
 */
export function untrustedBlock(label: string, text: string): string {
  if (!/^[a-z][a-z0-9_-]{0,39}$/.test(label)) throw new Error(`untrustedBlock: label "${label}" must be a short lowercase word`);
  return `<${UNTRUSTED_TAG} label="${label}">\n${escapeUntrusted(text)}\n</${UNTRUSTED_TAG}>`;
}
