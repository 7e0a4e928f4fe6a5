import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyseTranscript, type TranscriptSegmentInput } from '@quorum/ai';
import { cuePhraseMoments, evenMoments, firstWordsSummary, plainTextRankSummary } from './baselines';
import { type AmiMeeting, datasetsDir, loadAmi, loadQmsum, MissingDataError, type QmsumMeeting, type Split } from './datasets';
import { addCounts, type ItemCounts, NO_COUNTS, precisionRecallF1, scoreMeeting } from './item-scoring';
import { halfMeanSegmentLength, pk, runIds } from './pk';
import { firstTokens, rouge, type RougeScores, rougeTokens } from './rouge';

/**
 * `npm run eval:ai`: the quality and speed of the offline `local` analysis on data no one here wrote (QMSum validation
 * meetings and AMI meetings with labelled actions and decisions, in ../shared/datasets or EVAL_DATA_DIR), beside simple
 * baselines scored the same way. Every figure is printed for the dev half (the meetings looked at while developing), the
 * held-out half and all meetings. Prints Markdown; writes nothing.
 */

const SPLITS: readonly (Split | 'all')[] = ['dev', 'held-out', 'all'];
const out = (text = '') => process.stdout.write(`${text}\n`);
const table = (header: string[], rows: string[][]) =>
  [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
const inSplit = <T extends { split: Split }>(items: readonly T[], split: Split | 'all') =>
  items.filter((m) => split === 'all' || m.split === split);
const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

type Summariser = (segments: readonly TranscriptSegmentInput[], words: number) => string;

const SUMMARISERS: [string, Summariser][] = [
  ['first words', firstWordsSummary],
  ['TextRank (plain)', plainTextRankSummary],
  ['**local**', (segments, words) => analyseTranscript({ segments }, { summaryMaxWords: words }).summary.overview],
];

function summaryTable<T extends { split: Split; name: string; segments: TranscriptSegmentInput[] }>(
  meetings: readonly T[],
  reference: (m: T) => string,
): string {
  const scores = new Map<string, Map<string, RougeScores>>();
  for (const [name, summarise] of SUMMARISERS) {
    const byMeeting = new Map<string, RougeScores>();
    for (const meeting of meetings) {
      const ref = reference(meeting);
      const length = rougeTokens(ref).length;
      byMeeting.set(meeting.name, rouge(firstTokens(summarise(meeting.segments, length), length), ref));
    }
    scores.set(name, byMeeting);
  }
  const cell = (name: string, split: Split | 'all') => {
    const rows = inSplit(meetings, split).map((m) => scores.get(name)?.get(m.name) as RougeScores);
    const avg = (key: keyof RougeScores) => fixed(100 * mean(rows.map((r) => r[key])));
    return `${avg('rouge1')} / ${avg('rouge2')} / ${avg('rougeL')}`;
  };
  return table(
    ['system', ...SPLITS.map((s) => `${s} (${inSplit(meetings, s).length})`)],
    SUMMARISERS.map(([name]) => [name, ...SPLITS.map((s) => cell(name, s))]),
  );
}

function topicTable(meetings: readonly QmsumMeeting[]): string {
  const systems: [string, (m: QmsumMeeting) => number[]][] = [
    ['one topic', (m) => m.topicLabels.map(() => 0)],
    [
      'even segments (as many as the reference)',
      (m) => {
        const count = runIds(m.topicLabels).at(-1)! + 1;
        return m.topicLabels.map((_l, i) => Math.floor((i * count) / m.topicLabels.length));
      },
    ],
    [
      '**local**',
      (m) => {
        const labels = new Array<number>(m.segments.length).fill(0);
        analyseTranscript({ segments: m.segments }).topics.forEach((t, i) => labels.fill(i, t.firstSegment, t.lastSegment + 1));
        return labels;
      },
    ],
  ];
  const rows = systems.map(([name, hypothesis]) => {
    const perMeeting = new Map(meetings.map((m) => [m.name, pk(m.topicLabels, hypothesis(m), halfMeanSegmentLength(m.topicLabels))]));
    return [name, ...SPLITS.map((s) => fixed(mean(inSplit(meetings, s).map((m) => perMeeting.get(m.name)!)), 3))];
  });
  const topicsFound = mean(meetings.map((m) => analyseTranscript({ segments: m.segments }).topics.length));
  const topicsReference = mean(meetings.map((m) => runIds(m.topicLabels).at(-1)! + 1));
  return `${table(['system', ...SPLITS.map((s) => `${s} (${inSplit(meetings, s).length})`)], rows)}\n\nTopics per meeting: local ${fixed(topicsFound)}, reference ${fixed(topicsReference)} (contiguous runs).`;
}

function itemTable(meetings: readonly AmiMeeting[]): string {
  const local = new Map(meetings.map((m) => [m.name, analyseTranscript({ segments: m.segments })]));
  const systems: [string, (m: AmiMeeting, kind: 'actions' | 'decisions') => number[]][] = [
    ['cue phrases, top 10', (m, kind) => cuePhraseMoments(m.segments, kind)],
    ['10 moments over the whole meeting', (m) => evenMoments(m.segments, 0)],
    ['10 moments over the last 30 %', (m) => evenMoments(m.segments, 0.7)],
    [
      '**local**',
      (m, kind) => {
        const analysis = local.get(m.name)!;
        return (kind === 'actions' ? analysis.actionItems : analysis.decisions).map((item) => item.startMs);
      },
    ],
  ];
  const cell = (counts: ItemCounts) => {
    const { precision, recall, f1 } = precisionRecallF1(counts);
    return `${fixed(100 * f1)} (${fixed(100 * precision)} / ${fixed(100 * recall)})`;
  };
  const rows: string[][] = [];
  for (const kind of ['actions', 'decisions'] as const) {
    for (const [name, moments] of systems) {
      rows.push([
        kind,
        name,
        ...SPLITS.map((split) =>
          cell(inSplit(meetings, split).reduce((sum, m) => addCounts(sum, scoreMeeting(moments(m, kind), m[kind])), NO_COUNTS)),
        ),
      ]);
    }
  }
  const itemsPerMeeting = (kind: 'actionItems' | 'decisions') => fixed(mean([...local.values()].map((a) => a[kind].length)));
  return `${table(['kind', 'system', ...SPLITS.map((s) => `${s} (${inSplit(meetings, s).length}): F1 (P / R)`)], rows)}\n\nItems per meeting from local: ${itemsPerMeeting('actionItems')} actions, ${itemsPerMeeting('decisions')} decisions; labelled: ${fixed(mean(meetings.map((m) => m.actions.length)))} actions, ${fixed(mean(meetings.map((m) => m.decisions.length)))} decisions.`;
}

function timeAnalysis(segments: readonly TranscriptSegmentInput[]): { cold: number; median: number; max: number } {
  const once = () => {
    const start = performance.now();
    analyseTranscript({ segments, referenceDate: new Date('2026-01-05T09:00:00Z') });
    return performance.now() - start;
  };
  const cold = once();
  const runs = Array.from({ length: 5 }, once).sort((a, b) => a - b);
  return { cold, median: runs[2], max: runs[4] };
}

function speedTable(qmsum: readonly QmsumMeeting[], ami: readonly AmiMeeting[]): string {
  const wordCount = (segments: readonly TranscriptSegmentInput[]) =>
    segments.reduce((sum, s) => sum + s.text.split(/\s+/).filter(Boolean).length, 0);
  const longest = [...qmsum, ...ami].reduce((best, m) => (wordCount(m.segments) > wordCount(best.segments) ? m : best));
  const synthetic: TranscriptSegmentInput[] = [];
  let offset = 0;
  for (const meeting of ami) {
    if (wordCount(synthetic) >= 20_000) break;
    const first = meeting.segments[0]?.startMs ?? 0;
    for (const s of meeting.segments)
      synthetic.push({ ...s, id: `${meeting.name}/${s.id}`, startMs: offset + s.startMs - first, endMs: offset + s.endMs - first });
    offset = synthetic.reduce((max, s) => Math.max(max, s.endMs), offset) + 1000;
  }
  const rows = [
    [`longest meeting (${longest.name})`, longest.segments],
    [`AMI meetings concatenated`, synthetic],
  ] as const;
  return table(
    ['transcript', 'segments', 'words', 'length', 'first run', 'median of 5', 'slowest of 5'],
    rows.map(([name, segments]) => {
      const t = timeAnalysis(segments);
      const minutes = (segments.at(-1)!.endMs - segments[0].startMs) / 60_000;
      return [
        name,
        String(segments.length),
        String(wordCount(segments)),
        `${minutes.toFixed(0)} min`,
        `${t.cold.toFixed(0)} ms`,
        `${t.median.toFixed(0)} ms`,
        `${t.max.toFixed(0)} ms`,
      ];
    }),
  );
}

function main(): void {
  let qmsum: QmsumMeeting[];
  let ami: AmiMeeting[];
  try {
    qmsum = loadQmsum();
    ami = loadAmi();
  } catch (error) {
    if (!(error instanceof MissingDataError)) throw error;
    process.stderr.write(`${error.message}: put the datasets in ../shared/datasets beside the repository, or set EVAL_DATA_DIR.\n`);
    process.exit(2);
  }
  out('# Offline analysis (`local`): quality and speed\n');
  out(`- data: ${datasetsDir()} (${qmsum.length} QMSum validation meetings, ${ami.length} AMI meetings)`);
  out(`- split: in file-name order, even positions are dev (looked at while developing), odd ones held out`);
  out(
    `- machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}\n`,
  );
  out('## Summary: ROUGE-1 / 2 / L F1 × 100, summaries cut to the reference length\n');
  out('QMSum, general query ("summarize the whole meeting"):\n');
  out(summaryTable(qmsum, (m) => m.referenceSummary));
  out("\nAMI, the annotators' abstract:\n");
  out(summaryTable(ami, (m) => m.abstract));
  out("\n## Action items and decisions on AMI: F1 (precision / recall) × 100, ±30 s of a labelled item's evidence, ≤ 10 per kind\n");
  out(itemTable(ami));
  out('\n## Topics on QMSum: Pk (lower is better), k = half the mean reference segment, in turns\n');
  out(topicTable(qmsum));
  out('\n## Speed of `analyseTranscript`\n');
  out(speedTable(qmsum, ami));
}

main();
