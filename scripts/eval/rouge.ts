/** ROUGE F1 scores (0 to 1) of a system summary against one reference. */
export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

/** Lower-case alphanumeric tokens: what ROUGE compares (no stemming, no stopword removal). */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function f1(overlap: number, systemCount: number, referenceCount: number): number {
  if (overlap === 0 || systemCount === 0 || referenceCount === 0) return 0;
  const precision = overlap / systemCount;
  const recall = overlap / referenceCount;
  return (2 * precision * recall) / (precision + recall);
}

/** ROUGE-N: clipped n-gram overlap (each reference n-gram matches at most as often as it occurs there). */
export function rougeN(system: readonly string[], reference: readonly string[], n: number): number {
  const grams = (tokens: readonly string[]) => {
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const gram = tokens.slice(i, i + n).join(' ');
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
    return counts;
  };
  const sys = grams(system);
  const ref = grams(reference);
  let overlap = 0;
  for (const [gram, count] of sys) overlap += Math.min(count, ref.get(gram) ?? 0);
  return f1(overlap, Math.max(0, system.length - n + 1), Math.max(0, reference.length - n + 1));
}

/** ROUGE-L: the longest common subsequence of the two token sequences (summary level, one LCS over the whole text). */
export function rougeL(system: readonly string[], reference: readonly string[]): number {
  const m = reference.length;
  let previous = new Array<number>(m + 1).fill(0);
  for (const token of system) {
    const current = new Array<number>(m + 1).fill(0);
    for (let j = 1; j <= m; j++) current[j] = token === reference[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    previous = current;
  }
  return f1(previous[m], system.length, m);
}

export function rouge(systemText: string, referenceText: string): RougeScores {
  const system = rougeTokens(systemText);
  const reference = rougeTokens(referenceText);
  return { rouge1: rougeN(system, reference, 1), rouge2: rougeN(system, reference, 2), rougeL: rougeL(system, reference) };
}

/** The first `count` ROUGE tokens of a text: every system's summary is cut to the reference's length before scoring. */
export function firstTokens(text: string, count: number): string {
  return rougeTokens(text).slice(0, count).join(' ');
}
