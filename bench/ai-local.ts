import { performance } from 'node:perf_hooks';
import { analyseTranscript, type TranscriptSegmentInput } from '@quorum/ai';
import { loadAmi, loadQmsum, MissingDataError } from '../scripts/eval/datasets';
import { markdownTable, ms, out, percentile } from './lib/stats';

/**
 * Speed of the offline `local` analysis (`analyseTranscript`, issue 10: a 2-hour, ~20,000-word transcript in under 1 s):
 * the longest QMSum/AMI meeting of ../shared/datasets (or EVAL_DATA_DIR) and AMI meetings concatenated to ~20,000 words;
 * without the datasets, a deterministic synthetic 2-hour transcript of ~20,000 words instead. Each is analysed once to
 * warm up, then RUNS times; p50 and p95 are reported. No database, no network.
 */

const RUNS = 20;
const TARGET_WORDS = 20_000;

export interface AiLocalRow {
  transcript: string;
  segments: number;
  words: number;
  minutes: number;
  p50: number;
  p95: number;
  max: number;
}

export interface AiLocalResult {
  source: 'datasets' | 'synthetic';
  runs: number;
  rows: AiLocalRow[];
}

const wordCount = (segments: readonly TranscriptSegmentInput[]) =>
  segments.reduce((sum, s) => sum + s.text.split(/\s+/).filter(Boolean).length, 0);

/** A 2-hour meeting of four speakers moving through six subjects, ~20,000 words, the same on every run (seeded). */
export function syntheticTranscript(targetWords = TARGET_WORDS): TranscriptSegmentInput[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const subjects = [
    'budget cost price euros quarter forecast spending margin',
    'battery charger power lithium kinetic solar energy supply',
    'buttons screen menu display scroll wheel layout remote',
    'case rubber plastic colour yellow shape curved material',
    'marketing customers survey trend fashion younger market campaign',
    'schedule deadline prototype testing evaluation release launch week',
  ].map((s) => s.split(' '));
  const openers = ['So', 'Okay, so', 'Yeah,', 'Um, I think', 'Well,', 'And', "Let's say", 'I guess'];
  const frames = [
    (a: string, b: string) => `we should look at the ${a} and the ${b} again.`,
    (a: string, b: string) => `the ${a} is going to depend on the ${b}, uh, quite a lot.`,
    (a: string, _b: string) => `I'll send the ${a} numbers before the next meeting.`,
    (a: string, b: string) => `can you check whether the ${a} works with the ${b}?`,
    (a: string, b: string) => `let's go with the ${a} and keep the ${b} simple.`,
    (a: string, b: string) => `{vocalsound} the the ${a} was fine but the ${b} {disfmarker} the ${b} was not.`,
  ];
  const segments: TranscriptSegmentInput[] = [];
  let words = 0;
  let clock = 0;
  const total = 7_200_000;
  while (words < targetWords) {
    const subject = subjects[Math.min(subjects.length - 1, Math.floor((words / targetWords) * subjects.length))];
    const sentences = 1 + Math.floor(random() * 3);
    const text = Array.from({ length: sentences }, () => `${pick(openers)} ${pick(frames)(pick(subject), pick(subject))}`).join(' ');
    const count = text.split(/\s+/).length;
    const duration = Math.round((count / targetWords) * total);
    segments.push({ id: String(segments.length), startMs: clock, endMs: clock + duration, speaker: pick(['A', 'B', 'C', 'D']), text });
    clock += duration + 200;
    words += count;
  }
  return segments;
}

function transcripts(): { source: AiLocalResult['source']; list: [string, TranscriptSegmentInput[]][] } {
  try {
    const ami = loadAmi();
    const longest = [...loadQmsum(), ...ami].reduce((best, m) => (wordCount(m.segments) > wordCount(best.segments) ? m : best));
    const concatenated: TranscriptSegmentInput[] = [];
    let offset = 0;
    let words = 0;
    for (const meeting of ami) {
      if (words >= TARGET_WORDS) break;
      const first = meeting.segments[0]?.startMs ?? 0;
      for (const s of meeting.segments)
        concatenated.push({ ...s, id: `${meeting.name}/${s.id}`, startMs: offset + s.startMs - first, endMs: offset + s.endMs - first });
      words += wordCount(meeting.segments);
      offset = concatenated.reduce((max, s) => Math.max(max, s.endMs), offset) + 1000;
    }
    return {
      source: 'datasets',
      list: [
        [`longest meeting (${longest.name})`, longest.segments],
        ['AMI meetings concatenated', concatenated],
      ],
    };
  } catch (error) {
    if (!(error instanceof MissingDataError)) throw error;
    return { source: 'synthetic', list: [['synthetic 2-hour meeting (no ../shared/datasets)', syntheticTranscript()]] };
  }
}

function time(segments: readonly TranscriptSegmentInput[], runs: number): number[] {
  const input = { segments, referenceDate: new Date('2026-01-05T09:00:00Z') };
  analyseTranscript(input); // warm-up: JIT and lazily built regular expressions
  return Array.from({ length: runs }, () => {
    const start = performance.now();
    analyseTranscript(input);
    return performance.now() - start;
  });
}

export function runAiLocal(runs = RUNS): AiLocalResult {
  out('\n## AI: offline `local` analysis speed\n');
  const { source, list } = transcripts();
  const rows = list.map(([transcript, segments]): AiLocalRow => {
    const timings = time(segments, runs);
    return {
      transcript,
      segments: segments.length,
      words: wordCount(segments),
      minutes: (segments.at(-1)!.endMs - segments[0].startMs) / 60_000,
      p50: percentile(timings, 50),
      p95: percentile(timings, 95),
      max: Math.max(...timings),
    };
  });
  out(
    markdownTable(
      ['transcript', 'segments', 'words', 'length', `p50 of ${runs}`, `p95 of ${runs}`, 'slowest'],
      rows.map((r) => [r.transcript, String(r.segments), String(r.words), `${r.minutes.toFixed(0)} min`, ms(r.p50), ms(r.p95), ms(r.max)]),
    ),
  );
  return { source, runs, rows };
}
