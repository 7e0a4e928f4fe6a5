import type { RetrievedPassageDto } from '../../retrieval/dto/rag-query.dto';

/** What the local answer says when the passages hold nothing that matches the question. */
export const NOTHING_FOUND = 'I found nothing in the knowledge base about that.';

const STOP = new Set(
  'a an and are as at be but by did do does for from had has have how i in is it its me my of on or our so that the their them then there these they this to was we were what when where which who why will with you your about can could would should shall may might must any some all not no yes'.split(
    ' ',
  ),
);

const terms = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP.has(w))
    // A light stem, so "rotate" finds "rotates" and "failing" finds "fails".
    .map((w) => w.replace(/(ing|ed|es|s)$/, '') || w);

/** A line's leading label: the speaker of a transcript turn, or what an analysis passage is ("Action item: …"). */
const LABEL = /^([^:\n]{1,60}):\s+/;

/**
 * A passage's sentences of at least three words. A transcript's keep their speaker, each of them, so that the second
 * sentence of a turn is not read as said by nobody; other sources' labels are dropped.
 */
function sentencesOf(passage: RetrievedPassageDto): string[] {
  const transcript = passage.citation.sourceType === 'transcript';
  return passage.text.split(/\n+/).flatMap((line) => {
    const label = LABEL.exec(line);
    const speaker = transcript && label ? `${label[1]}: ` : '';
    return line
      .slice(label ? label[0].length : 0)
      .split(/(?<=[.!?])\s+/)
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence.split(/\s+/).length >= 3)
      .map((sentence) => speaker + sentence);
  });
}

/**
 * The offline answer: up to `maxSentences` sentences of the retrieved passages, each sharing at least one content
 * word with the question, in the passages' rank order, each followed by its passage's number. They are picked one at
 * a time: first the sentence that covers most of the question's words not covered yet (so "when do we launch and
 * what is the budget cap?" gets the launch date and the cap, not two sentences about the launch), then the one sharing
 * most words, then the better-ranked passage. The same words said twice (a transcript sentence and the analysis
 * summary quoting it) count once. Extractive, so every sentence is something a source says; deterministic for the
 * same passages.
 */
export function extractiveAnswer(question: string, passages: readonly RetrievedPassageDto[], maxSentences = 3): string {
  const wanted = new Set(terms(question));
  if (wanted.size === 0) return NOTHING_FOUND;
  const candidates: { text: string; n: number; shared: Set<string>; order: number }[] = [];
  const seen = new Set<string>();
  passages.forEach((passage, i) => {
    for (const sentence of sentencesOf(passage)) {
      const words = sentence
        .replace(LABEL, '')
        .toLowerCase()
        .normalize('NFKC')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
      if (seen.has(words)) continue;
      seen.add(words);
      const shared = new Set(terms(sentence).filter((t) => wanted.has(t)));
      if (shared.size > 0) candidates.push({ text: sentence, n: i + 1, shared, order: candidates.length });
    }
  });
  if (candidates.length === 0) return NOTHING_FOUND;
  const covered = new Set<string>();
  const chosen: typeof candidates = [];
  const rest = [...candidates];
  while (chosen.length < maxSentences && rest.length) {
    const fresh = (c: (typeof candidates)[number]) => [...c.shared].filter((t) => !covered.has(t)).length;
    const best = rest.reduce((a, b) =>
      fresh(b) > fresh(a) || (fresh(b) === fresh(a) && (b.shared.size > a.shared.size || (b.shared.size === a.shared.size && b.n < a.n)))
        ? b
        : a,
    );
    chosen.push(best);
    rest.splice(rest.indexOf(best), 1);
    for (const t of best.shared) covered.add(t);
  }
  return chosen
    .sort((a, b) => a.order - b.order)
    .map((c) => `${/[.!?]$/.test(c.text) ? c.text : `${c.text}.`} [${c.n}]`)
    .join(' ');
}
