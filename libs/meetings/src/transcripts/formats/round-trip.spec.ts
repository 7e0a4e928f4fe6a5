import { exportTranscript } from './export-transcript';
import { type MeetingForExport } from './meeting-for-export';
import { parseTranscript } from './parse-transcript';
import { MAX_SEGMENT_MS, type SegmentInput } from './segment';
import { singleLine } from './text-lines';
import { seededRandom } from '@quorum/platform';

const meeting: MeetingForExport = { title: 'Round trip', status: 'completed', tags: [], participants: [] };

/** Words chosen to hit every escaping and parsing rule: markup characters, arrows, colons, entities, braces, non-Latin text. */
const WORDS = [
  'hello',
  'world',
  'Olá',
  'naïve',
  '日本語',
  '🙂',
  'R&D',
  'x<y',
  'a>b',
  '-->',
  '&amp;',
  '&lt;',
  '&#233;',
  '10:30',
  'said:',
  'Note:',
  '"quoted"',
  "it's",
  '{vocalsound}',
  '*bold*',
  '_x_',
  '#tag',
  '1.',
  '\\',
  'a\tb',
  '\u00A0',
];
/** Literal SubRip formatting tags cannot survive SubRip, which has no escaping; every other format must keep them. */
const MARKUP_WORDS = ['<b>', '<i>x</i>', '<v Mallory>', '</v>', '<00:00:01.000>', '{\\an8}'];
const SPEAKERS = ['Alice', "Dr. Bob O'Neil", 'Ünïcødé 名前', 'Tom & Jerry', '<Admin>', '-->', 'x'.repeat(200), 'Unknown', '🙂', '&amp; Co'];
/** A name with a colon reads back as a speaker prefix only through formats with a real speaker field. */
const COLON_SPEAKERS = ['Team: Blue', 'a:b'];
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-';

function transcript(seed: number, options: { markup: boolean; colonSpeakers: boolean; sorted: boolean }): SegmentInput[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const words = options.markup ? [...WORDS, ...MARKUP_WORDS] : WORDS;
  const speakers = options.colonSpeakers ? [...SPEAKERS, ...COLON_SPEAKERS] : SPEAKERS;
  const count = 1 + Math.floor(next() * 25);
  const ids = new Set<string>();
  let clock = next() < 0.1 ? MAX_SEGMENT_MS - 100_000 : Math.floor(next() * 400 * 3_600_000);
  const segments: SegmentInput[] = [];
  for (let i = 0; i < count; i++) {
    let id: string;
    do {
      id = Array.from({ length: 1 + Math.floor(next() * (next() < 0.05 ? 128 : 12)) }, () => pick([...ID_CHARS])).join('');
    } while (ids.has(id));
    ids.add(id);
    const text = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pick(words))
      .map((word, index) => (index === 0 ? word : `${next() < 0.1 ? pick(['\n', ' \r\n\r\n ', '\n\n\n']) : ' '}${word}`))
      .join('');
    const startMs = Math.min(clock + Math.floor(next() * 5000), MAX_SEGMENT_MS - 20_000);
    const segment: SegmentInput = {
      segmentId: id,
      speaker: pick(speakers),
      startMs,
      endMs: startMs + Math.floor(next() * 15_000),
      text: /\S/.test(text) ? text : 'filler',
    };
    if (next() < 0.3) segment.participantId = `p-${Math.floor(next() * 10)}`;
    if (next() < 0.3) segment.confidence = pick([0, 1, Math.round(next() * 1000) / 1000]);
    if (next() < 0.3) segment.language = pick(['en', 'en-GB', 'pt-BR', 'zh-Hant-TW']);
    segments.push(segment);
    clock = startMs;
  }
  if (!options.sorted) segments.sort(() => next() - 0.5);
  return segments;
}

const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

describe('round trips: parseTranscript(exportTranscript(...).body) gives the segments back', () => {
  it.each(SEEDS)('vtt keeps ids, speakers, times and text (seed %i)', (seed) => {
    const segments = transcript(seed, { markup: true, colonSpeakers: true, sorted: true });
    const exported = exportTranscript('vtt', meeting, segments);
    const parsed = parseTranscript(exported.body, exported.mediaType);
    expect(parsed).toEqual(
      segments.map((s) => ({ segmentId: s.segmentId, speaker: s.speaker, startMs: s.startMs, endMs: s.endMs, text: singleLine(s.text) })),
    );
    expect(exportTranscript('vtt', meeting, parsed).body).toBe(exported.body);
  });

  it.each(SEEDS)('srt keeps speakers, times and text (seed %i)', (seed) => {
    const segments = transcript(seed, { markup: false, colonSpeakers: false, sorted: true });
    const exported = exportTranscript('srt', meeting, segments);
    const parsed = parseTranscript(exported.body, exported.mediaType);
    expect(parsed).toEqual(
      segments.map((s, i) => ({
        segmentId: `srt-${i + 1}`,
        speaker: s.speaker,
        startMs: s.startMs,
        endMs: s.endMs,
        text: singleLine(s.text),
      })),
    );
    expect(exportTranscript('srt', meeting, parsed).body).toBe(exported.body);
  });

  it.each(SEEDS)('json keeps every field exactly, in the given order (seed %i)', (seed) => {
    const segments = transcript(seed, { markup: true, colonSpeakers: true, sorted: false });
    const exported = exportTranscript('json', meeting, segments);
    expect(parseTranscript(exported.body, exported.mediaType)).toEqual(segments);
  });

  it('vtt writes cues in start order whatever order it is given', () => {
    const segments = transcript(7, { markup: true, colonSpeakers: true, sorted: false });
    const parsed = parseTranscript(exportTranscript('vtt', meeting, segments).body, 'text/vtt');
    expect(parsed.map((s) => s.startMs)).toEqual(segments.map((s) => s.startMs).sort((a, b) => a - b));
    expect(new Set(parsed.map((s) => s.segmentId))).toEqual(new Set(segments.map((s) => s.segmentId)));
  });
});
