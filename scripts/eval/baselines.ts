import type { TranscriptSegmentInput } from '@quorum/ai';
import { rougeTokens } from './rouge';

/** Transcript text without annotation markers such as {vocalsound}; nothing else is cleaned. */
const plain = (text: string) => text.replace(/\{[a-z_]+\}/gi, ' ');

/** The transcript's first words, as long as the reference. */
export function firstWordsSummary(segments: readonly TranscriptSegmentInput[], words: number): string {
  const out: string[] = [];
  for (const s of segments) {
    out.push(...rougeTokens(plain(s.text)));
    if (out.length >= words) break;
  }
  return out.slice(0, words).join(' ');
}

/**
 * Plain TextRank (Mihalcea & Tarau 2004) over the transcript's sentences as they are: word-overlap similarity normalised
 * by log lengths, all pairs, PageRank; the best sentences until the reference's length, in transcript order.
 */
export function plainTextRankSummary(segments: readonly TranscriptSegmentInput[], words: number): string {
  const sentences = segments
    .flatMap((s) => plain(s.text).split(/(?<=[.?!])\s+/))
    .map((text) => ({ text, tokens: rougeTokens(text) }))
    .filter((s) => s.tokens.length > 0);
  const n = sentences.length;
  const sets = sentences.map((s) => new Set(s.tokens));
  const edges: { j: number; w: number }[][] = sentences.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (sets[i].size < 2 || sets[j].size < 2) continue;
      let overlap = 0;
      for (const t of sets[i]) if (sets[j].has(t)) overlap++;
      if (!overlap) continue;
      const w = overlap / (Math.log(sets[i].size) + Math.log(sets[j].size));
      edges[i].push({ j, w });
      edges[j].push({ j: i, w });
    }
  }
  const out = edges.map((e) => e.reduce((sum, x) => sum + x.w, 0));
  let rank = new Array<number>(n).fill(1 / Math.max(1, n));
  for (let it = 0; it < 30; it++) {
    const next = new Array<number>(n).fill(0.15 / Math.max(1, n));
    for (let i = 0; i < n; i++) if (out[i] > 0) for (const e of edges[i]) next[e.j] += (0.85 * rank[i] * e.w) / out[i];
    rank = next;
  }
  const order = rank.map((r, i) => ({ r, i })).sort((a, b) => b.r - a.r || a.i - b.i);
  const chosen: number[] = [];
  let total = 0;
  for (const { i } of order) {
    if (total >= words) break;
    chosen.push(i);
    total += sentences[i].tokens.length;
  }
  return chosen
    .sort((a, b) => a - b)
    .flatMap((i) => sentences[i].tokens)
    .slice(0, words)
    .join(' ');
}

const ACTION_CUE = /\b(?:i'll|i will|i 'll|need to|needs to|have to|has to|can you|could you|you'll|you 'll|should|going to)\b/gi;
const DECISION_CUE = /\b(?:we agreed|agreed|decided|decision|let's|let 's|we'll|we 'll|go with|we will)\b/gi;

/** The README's cue-phrase baseline: the 10 segments with the most cue phrases (earlier first on ties), cited by their start. */
export function cuePhraseMoments(segments: readonly TranscriptSegmentInput[], kind: 'actions' | 'decisions'): number[] {
  const cue = kind === 'actions' ? ACTION_CUE : DECISION_CUE;
  return segments
    .map((s, i) => ({ i, start: s.startMs, hits: s.text.match(cue)?.length ?? 0 }))
    .filter((s) => s.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.i - b.i)
    .slice(0, 10)
    .map((s) => s.start);
}

/**
 * `count` moments spread evenly from `from` (0 to 1) of the recording to its end, each the centre of its slice.
 * The recording starts at 0 and ends with the last segment.
 */
export function evenMoments(segments: readonly TranscriptSegmentInput[], from: number, count = 10): number[] {
  if (!segments.length) return [];
  const start = Math.min(0, segments[0].startMs);
  const end = segments.reduce((max, s) => Math.max(max, s.endMs), start);
  const first = start + from * (end - start);
  return Array.from({ length: count }, (_v, i) => first + ((i + 0.5) / count) * (end - first));
}
