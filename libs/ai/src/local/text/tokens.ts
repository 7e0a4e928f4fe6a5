import { STOPWORDS } from './stopwords';
import { stem } from './stem';

const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/** Lower-case words, apostrophes kept inside them ("we'll"), punctuation dropped. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Whether a lower-case word carries content: not a stopword, not a number alone, not a single letter. */
export function isContentWord(word: string): boolean {
  return word.length >= 2 && !STOPWORDS.has(word) && !/^\d+$/.test(word);
}

/** The stems of the words that carry content. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter(isContentWord)
    .map((word) => stem(word));
}

/** For each stem, the word that most often stood for it, so keywords read as words ("buttons"), not stems ("button"). */
export class SurfaceForms {
  private readonly counts = new Map<string, Map<string, number>>();

  add(text: string): void {
    for (const word of words(text)) {
      if (!isContentWord(word)) continue;
      const term = stem(word);
      const forms = this.counts.get(term) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + 1);
      this.counts.set(term, forms);
    }
  }

  of(term: string): string {
    const forms = this.counts.get(term);
    if (!forms) return term;
    let best = term;
    let bestCount = 0;
    for (const [word, count] of forms) if (count > bestCount || (count === bestCount && word < best)) [best, bestCount] = [word, count];
    return best;
  }
}
