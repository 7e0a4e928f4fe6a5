import type { Keyword } from '../analysis.types';
import type { Sentence } from '../text/sentences';
import { stem } from '../text/stem';
import { isContentWord } from '../text/tokens';

const MAX_PHRASE_WORDS = 3;

/**
 * RAKE (Rose et al. 2010): candidate phrases are runs of content words between stopwords and punctuation; a word scores
 * its degree over its frequency (words that sit in longer phrases score higher), a phrase the sum of its words.
 * A phrase must occur at least twice, so one odd remark is not a keyword, and its score grows with how often it recurs.
 */
export function rakeKeywords(sentences: readonly Sentence[], limit = 15): Keyword[] {
  const phrases: { key: string; words: string[] }[] = [];
  for (const sentence of sentences) {
    if (sentence.isBackchannel) continue;
    for (const chunk of sentence.text.toLowerCase().split(/[.,?!;:()"]+/)) {
      let run: string[] = [];
      const flush = () => {
        for (let start = 0; start < run.length; start += MAX_PHRASE_WORDS) {
          const part = run.slice(start, start + MAX_PHRASE_WORDS);
          phrases.push({ key: part.map((w) => stem(w)).join(' '), words: part });
        }
        run = [];
      };
      for (const word of chunk.match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []) {
        if (isContentWord(word)) run.push(word);
        else flush();
      }
      flush();
    }
  }
  const frequency = new Map<string, number>();
  const degree = new Map<string, number>();
  for (const phrase of phrases) {
    for (const word of phrase.words) {
      const term = stem(word);
      frequency.set(term, (frequency.get(term) ?? 0) + 1);
      degree.set(term, (degree.get(term) ?? 0) + phrase.words.length);
    }
  }
  const byKey = new Map<string, { occurrences: number; score: number; forms: Map<string, number> }>();
  for (const phrase of phrases) {
    const entry = byKey.get(phrase.key) ?? { occurrences: 0, score: 0, forms: new Map<string, number>() };
    if (!entry.occurrences)
      entry.score = phrase.words.reduce((sum, w) => sum + (degree.get(stem(w)) ?? 0) / (frequency.get(stem(w)) ?? 1), 0);
    entry.occurrences++;
    const form = phrase.words.join(' ');
    entry.forms.set(form, (entry.forms.get(form) ?? 0) + 1);
    byKey.set(phrase.key, entry);
  }
  const keywords: Keyword[] = [];
  for (const entry of byKey.values()) {
    if (entry.occurrences < 2) continue;
    const term = [...entry.forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    keywords.push({ term, score: Math.round(entry.score * Math.log2(1 + entry.occurrences) * 100) / 100, occurrences: entry.occurrences });
  }
  return keywords.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1)).slice(0, limit);
}
