/**
 * Turns a transcript segment into readable text: annotation markers such as {vocalsound} and {disfmarker} go,
 * so do fillers (uh, um), false starts ("th {disfmarker} the") and repeated words ("the the", "I think I think"),
 * spelled acronyms are joined ("L_C_D_" → "LCD") and tokenised punctuation is reattached ("we 're ." → "we're.").
 */
const MARKER = /\{[a-z_]+\}/gi;
const FILLER = /^(?:uh+|um+|uhm+|umm+|hmm+|hm+|mm+|mhm+|mm-hmm|uh-huh|er+|erm+|ah+|eh+|huh)$/i;

export function cleanUtterance(text: string): string {
  let t = text
    .replace(/\b((?:[A-Za-z]_){2,})/g, (m) => m.replace(/_/g, ''))
    .replace(/([A-Za-z])_/g, '$1')
    .replace(/\s+(n't|'s|'re|'ll|'ve|'d|'m)\b/gi, '$1')
    .replace(/\s+([.,?!;:])/g, '$1');
  t = dropFalseStarts(t);
  const tokens = t.replace(MARKER, ' ').split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  for (const token of tokens) {
    const bare = token.replace(/[.,?!;:]+$/, '');
    if (FILLER.test(bare)) {
      // Keep the punctuation a filler carried, so sentence ends survive "so that's it, um."
      const punct = token.slice(bare.length);
      if (punct && kept.length && !/[.,?!;:]$/.test(kept[kept.length - 1])) kept[kept.length - 1] += punct;
      continue;
    }
    kept.push(token);
  }
  return tidy(collapseRepeats(dropFragments(kept)).join(' '));
}

/** Real words of one or two letters, which are never taken for a cut-off word. */
const SHORT_WORDS = new Set(
  'a i an am as at be by do go he hi if in is it me my no of oh ok on or ox so to tv up us we ye yo pc cd uk us id'.split(' '),
);

/**
 * Cut-off words with no marker, as transcribers write them: "I d I do", "W well", "the v the voice". A one- or
 * two-letter non-word that starts one of the next two words is the speaker starting that word and stopping.
 */
function dropFragments(tokens: string[]): string[] {
  return tokens.filter((token, i) => {
    const bare = token.toLowerCase();
    if (!/^[a-z]{1,2}$/.test(bare) || SHORT_WORDS.has(bare)) return true;
    return !tokens.slice(i + 1, i + 3).some((next) => {
      const word = next.toLowerCase().replace(/[^a-z']/g, '');
      return word.length > bare.length && word.startsWith(bare);
    });
  });
}

/** A fragment right before {disfmarker} that the speaker abandoned: a consonant-only stub, or a prefix of what comes next. */
function dropFalseStarts(text: string): string {
  return text.replace(/(\S+)\s*\{disfmarker\}\s*((?:\S+\s*){0,2})/gi, (_m, before: string, after: string) => {
    const stub = before.toLowerCase().replace(/[^a-z']/g, '');
    const next = after.toLowerCase();
    const abandoned =
      (stub.length <= 3 && !/[aeiouy]/.test(stub)) || (stub.length > 0 && next.split(/\s+/).some((w) => w.startsWith(stub) && w !== stub));
    return `${abandoned ? '' : before} ${after}`;
  });
}

/** "we we we need" → "we need"; "I think I think" → "I think" (repeats of up to three words). */
function collapseRepeats(tokens: string[]): string[] {
  const out: string[] = [];
  const norm = (t: string) => t.toLowerCase().replace(/[.,?!;:]+$/, '');
  for (const token of tokens) {
    out.push(token);
    for (let n = 1; n <= 3; n++) {
      const len = out.length;
      if (len < 2 * n) continue;
      let same = true;
      for (let i = 0; i < n && same; i++) same = norm(out[len - n + i]) === norm(out[len - 2 * n + i]);
      if (same) {
        const repeat = out.splice(len - n, n);
        // The second copy may carry the sentence's punctuation.
        const last = repeat[n - 1];
        if (/[.,?!;:]$/.test(last) && !/[.,?!;:]$/.test(out[out.length - 1])) out[out.length - 1] += last.slice(norm(last).length);
        break;
      }
    }
  }
  return out;
}

function tidy(text: string): string {
  return text
    .replace(/\s+([.,?!;:])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/^[\s,.;:]+/, '')
    .replace(/,\s*([.?!])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim()
    .replace(/^[a-z]/, (c) => c.toUpperCase());
}
