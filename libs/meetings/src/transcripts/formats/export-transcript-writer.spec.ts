import { byStart } from './by-start';
import { exportTranscript, TRANSCRIPT_EXPORT_FORMATS, transcriptFileFormat } from './export-transcript';
import { type MeetingForExport } from './meeting-for-export';
import { canonicalSegment, type SegmentInput } from './segment';
import { seededRandom } from '@quorum/platform';

const meeting: MeetingForExport = {
  title: 'Paged',
  status: 'completed',
  tags: ['a'],
  participants: [{ name: 'Ada', email: 'ada@example.com' }],
  analysis: { summary: 'Done.' },
};
/** Repeated speakers make Markdown group turns across page boundaries; the rest hits the escaping rules. */
const SPEAKERS = ['Ada', 'Ada', 'Grace', 'Team: Blue', '**Eve**', 'Line\nbreak'];
const WORDS = ['hello', 'R&D', 'x<y', '-->', '# hash', '1.', '_x_', '\n', ' \r\n\r\n ', '"quoted"', '\\', '🙂', '\u2028', '*'];

function transcript(seed: number): SegmentInput[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  // Some transcripts cross the hour, which switches the Markdown clock for the whole document.
  let clock = next() < 0.3 ? 3_590_000 : 0;
  return Array.from({ length: Math.floor(next() * 40) }, (_, i) => {
    clock += Math.floor(next() * 3) * 4000;
    const segment: SegmentInput = {
      segmentId: `s-${i}`,
      speaker: pick(SPEAKERS),
      startMs: clock,
      endMs: clock + 1500,
      text: Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(WORDS)).join(' '),
    };
    if (next() < 0.3) segment.confidence = Math.round(next() * 1000) / 1000;
    if (next() < 0.3) segment.language = 'en-GB';
    if (next() < 0.3) segment.participantId = 'p-1';
    return segment;
  });
}

/** Writes the transcript the way a streamed export does: begin, then pages of `pageSize` in file order, then end. */
function paged(format: (typeof TRANSCRIPT_EXPORT_FORMATS)[number], segments: SegmentInput[], pageSize: number): string {
  const ordered = byStart(segments);
  const { writer, inStartOrder } = transcriptFileFormat(format, meeting, ordered[ordered.length - 1]?.startMs);
  const rows = inStartOrder ? ordered : segments;
  let out = writer.begin();
  for (let i = 0; i < rows.length; i += pageSize) out += writer.write(rows.slice(i, i + pageSize));
  return out + writer.end();
}

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe('transcript file writers', () => {
  describe.each(TRANSCRIPT_EXPORT_FORMATS)('%s', (format) => {
    it.each(SEEDS)('written in pages of any size gives the whole file byte for byte (seed %i)', (seed) => {
      const segments = transcript(seed);
      const whole = exportTranscript(format, meeting, segments).body;
      for (const pageSize of [1, 2, 3, 7, 1000]) expect(paged(format, segments, pageSize)).toBe(whole);
    });

    it('writes an empty transcript the same way', () => {
      expect(paged(format, [], 1)).toBe(exportTranscript(format, meeting, []).body);
    });
  });

  it.each(SEEDS)('json lays segments out exactly as JSON.stringify(…, null, 2) does for the whole document (seed %i)', (seed) => {
    const segments = transcript(seed);
    expect(paged('json', segments, 3)).toBe(`${JSON.stringify({ segments: segments.map(canonicalSegment) }, null, 2)}\n`);
  });

  it('keeps the state a page boundary must not reset: SubRip numbers and Markdown turns', () => {
    const two = [
      { segmentId: 'a', speaker: 'Ada', startMs: 0, endMs: 1, text: 'one' },
      { segmentId: 'b', speaker: 'Ada', startMs: 1000, endMs: 1001, text: 'two' },
    ];
    expect(paged('srt', two, 1)).toBe('1\n00:00:00,000 --> 00:00:00,001\nAda: one\n\n2\n00:00:01,000 --> 00:00:01,001\nAda: two\n');
    expect(paged('md', two, 1)).toMatch(/## Transcript\n\n\*\*\[00:00\] Ada:\*\* one\ntwo\n$/);
  });
});
