import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportTranscript } from './export-transcript';
import { type MeetingForExport } from './meeting-for-export';
import { estimateDurationMs } from './parse-plain-text';
import { parseTranscript } from './parse-transcript';
import { TranscriptFormatError } from './transcript-format.error';

/** Real meetings from QMSum (MIT licence, see the README in the folder): speaker turns without times. */
const QMSUM_DIR = '/work/shared/datasets/qmsum-val';

interface QmsumTurn {
  speaker: string;
  content: string;
}

/** Fails the suite, never skips it: the folder is part of every machine of this project, so its absence is a setup fault to fix. */
function qmsumFiles(): string[] {
  if (!existsSync(QMSUM_DIR)) {
    throw new Error(
      `QMSum validation meetings not found at ${QMSUM_DIR}; these tests read real transcripts from there. Restore the folder (it ships with every machine of this project) rather than skipping the tests.`,
    );
  }
  const files = readdirSync(QMSUM_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new Error(`${QMSUM_DIR} holds no .json meetings`);
  return files;
}

function turns(file: string): QmsumTurn[] {
  return (JSON.parse(readFileSync(join(QMSUM_DIR, file), 'utf8')) as { meeting_transcripts: QmsumTurn[] }).meeting_transcripts;
}

const asPlainText = (meetingTurns: QmsumTurn[]) => meetingTurns.map((turn) => `${turn.speaker}: ${turn.content}`).join('\n');
/** QMSum keeps a few turns with no words (a cough cut from the audio); a segment must have text, so they are left out. */
const spoken = (meetingTurns: QmsumTurn[]) => meetingTurns.filter((turn) => turn.content.trim() !== '');

const meeting: MeetingForExport = { title: 'Bed002', status: 'completed', tags: ['qmsum'], participants: [] };
const FILES = qmsumFiles();

describe('QMSum meeting Bed002 as plain text', () => {
  const bed002 = spoken(turns('Bed002.json'));
  const segments = parseTranscript(asPlainText(bed002), 'text/plain; charset=utf-8');

  it('gives one segment per spoken turn, with its speaker and text', () => {
    expect(bed002).toHaveLength(530);
    expect(segments).toHaveLength(bed002.length);
    expect(segments.map((s) => s.speaker)).toEqual(bed002.map((turn) => turn.speaker));
    expect(segments.map((s) => s.text)).toEqual(bed002.map((turn) => turn.content.trim()));
    expect(segments.map((s) => s.segmentId)).toEqual(bed002.map((_turn, index) => `line-${index + 1}`));
  });

  it('lays synthetic times end to end from zero, each long enough to say its words at 150 a minute', () => {
    expect(segments[0].startMs).toBe(0);
    segments.forEach((segment, index) => {
      expect(segment.endMs - segment.startMs).toBe(estimateDurationMs(segment.text));
      expect(segment.endMs - segment.startMs).toBeGreaterThanOrEqual(1000);
      if (index > 0) {
        expect(segment.startMs).toBe(segments[index - 1].endMs);
        expect(segment.startMs).toBeGreaterThan(segments[index - 1].startMs);
      }
    });
    // The recording is about an hour long; the estimate should land in that neighbourhood.
    const totalMinutes = segments[segments.length - 1].endMs / 60_000;
    expect(totalMinutes).toBeGreaterThan(30);
    expect(totalMinutes).toBeLessThan(120);
  });

  it.each([
    ['vtt', true],
    ['srt', false],
  ] as const)('exports to %s and parses back to the same speakers, texts and times', (format, keepsIds) => {
    const exported = exportTranscript(format, meeting, segments);
    const parsed = parseTranscript(exported.body, exported.mediaType);
    const essentials = (list: typeof segments) =>
      list.map((s) => ({ speaker: s.speaker, text: s.text, startMs: s.startMs, endMs: s.endMs }));
    expect(essentials(parsed)).toEqual(essentials(segments));
    if (keepsIds) expect(parsed.map((s) => s.segmentId)).toEqual(segments.map((s) => s.segmentId));
  });

  it('writes Markdown minutes with one paragraph per change of speaker', () => {
    const body = exportTranscript('md', meeting, segments).body;
    const changes = segments.filter((s, index) => index === 0 || s.speaker !== segments[index - 1].speaker).length;
    expect(body.match(/^\*\*\[\d\d:\d\d(?::\d\d)?\] [^*]+:\*\* /gm)).toHaveLength(changes);
    // The synthetic times run past an hour (about 80 minutes), so every heading carries hours.
    expect(body).toContain("**[00:00:00] Grad E:** I guess .\n\n**[00:00:01] Grad A:** OK , we 're on .");
  });

  it('refuses the raw transcript at the first turn with no words, naming its line', () => {
    const raw = turns('Bed002.json');
    const firstEmpty = raw.findIndex((turn) => turn.content.trim() === '');
    let error: unknown;
    try {
      parseTranscript(asPlainText(raw), 'text/plain');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TranscriptFormatError);
    expect(error).toMatchObject({
      status: 422,
      line: firstEmpty + 1,
      message: `line ${firstEmpty + 1}: text is empty (nothing follows "${raw[firstEmpty].speaker}:")`,
    });
  });
});

describe.each(FILES)('QMSum meeting %s', (file) => {
  it('parses as plain text and survives vtt, srt and json round trips', () => {
    const meetingTurns = spoken(turns(file));
    const segments = parseTranscript(asPlainText(meetingTurns), 'text/plain');
    expect(segments).toHaveLength(meetingTurns.length);
    for (const format of ['vtt', 'srt', 'json'] as const) {
      const exported = exportTranscript(format, meeting, segments);
      const parsed = parseTranscript(exported.body, exported.mediaType);
      expect(parsed.map((s) => [s.speaker, s.text, s.startMs, s.endMs])).toEqual(
        segments.map((s) => [s.speaker, s.text, s.startMs, s.endMs]),
      );
    }
  });
});
