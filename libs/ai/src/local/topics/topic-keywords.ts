import type { SurfaceForms } from '../text/tokens';

const KEYWORDS_PER_TOPIC = 5;

/**
 * The words that set each topic apart: frequent inside it (tf) and rarer in the other topics (idf over topics),
 * so the title of the third topic names what the third topic was about, not what the whole meeting was about.
 */
export function topicKeywords(termsByTopic: readonly (readonly string[])[], forms: SurfaceForms): string[][] {
  const df = new Map<string, number>();
  for (const terms of termsByTopic) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const topics = termsByTopic.length;
  return termsByTopic.map((terms) => {
    const tf = new Map<string, number>();
    for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
    return [...tf]
      .filter(([, count]) => count >= 2 || terms.length < 20)
      .map(([term, count]) => ({ term, score: count * Math.log(1 + topics / (df.get(term) ?? 1)) }))
      .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1))
      .slice(0, KEYWORDS_PER_TOPIC)
      .map(({ term }) => forms.of(term));
  });
}

/** "buttons, battery and LCD" from the first three keywords, capitalised. */
export function topicTitle(keywords: readonly string[]): string {
  const top = keywords.slice(0, 3);
  if (!top.length) return 'General discussion';
  const joined = top.length === 1 ? top[0] : `${top.slice(0, -1).join(', ')} and ${top[top.length - 1]}`;
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}
