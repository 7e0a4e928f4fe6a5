import { escapeMarkdownInline, escapeMarkdownLine } from './export-markdown';
import { exportTranscript, type TranscriptExportFormat } from './export-transcript';
import { type MeetingForExport } from './meeting-for-export';
import { type SegmentInput } from './segment';
import { TranscriptFormatError } from './transcript-format.error';

const meeting: MeetingForExport = {
  title: 'Q3 planning',
  description: 'Budget and hiring.\n\nBring numbers.',
  status: 'completed',
  scheduledStartAt: new Date('2024-05-02T13:55:00Z'),
  startedAt: new Date('2024-05-02T14:00:30Z'),
  endedAt: new Date('2024-05-02T15:05:00Z'),
  language: 'en',
  tags: ['planning', 'q3'],
  participants: [
    { name: 'Alice Smith', email: 'alice@example.com', role: 'host' },
    { name: 'Bob', email: 'bob@example.com' },
  ],
  analysis: {
    summary: 'We agreed on the budget.',
    decisions: ['Hire two engineers'],
  },
  actionItems: [
    { title: 'Draft job ads', assignee: 'Bob', dueAt: '2024-05-10', status: 'open' },
    { title: 'Book room', status: 'done' },
    { title: 'Order pizza', status: 'in_progress' },
    { title: 'Call the caterer', assignee: 'Alice Smith', status: 'cancelled' },
  ],
};

const segments: SegmentInput[] = [
  { segmentId: 's2', speaker: 'Bob', startMs: 4000, endMs: 6500, text: 'R&D <needs> more --> now', confidence: 0.8 },
  { segmentId: 's1', speaker: 'Alice Smith', startMs: 0, endMs: 3999, text: 'Welcome,\neveryone.', language: 'en', participantId: 'p1' },
  { segmentId: 's3', speaker: 'Bob', startMs: 7000, endMs: 8000, text: 'Second thought.' },
];

describe('exportTranscript', () => {
  it('writes WebVTT in start order with ids, voice tags, escaped text and one line per cue', () => {
    expect(exportTranscript('vtt', meeting, segments)).toEqual({
      mediaType: 'text/vtt; charset=utf-8',
      extension: 'vtt',
      body: [
        'WEBVTT',
        '',
        's1',
        '00:00:00.000 --> 00:00:03.999',
        '<v Alice Smith>Welcome, everyone.</v>',
        '',
        's2',
        '00:00:04.000 --> 00:00:06.500',
        '<v Bob>R&amp;D &lt;needs&gt; more --&gt; now</v>',
        '',
        's3',
        '00:00:07.000 --> 00:00:08.000',
        '<v Bob>Second thought.</v>',
        '',
      ].join('\n'),
    });
  });

  it('writes SubRip numbered from 1 in start order with "Speaker: text"', () => {
    expect(exportTranscript('srt', meeting, segments)).toEqual({
      mediaType: 'application/x-subrip; charset=utf-8',
      extension: 'srt',
      body: [
        '1',
        '00:00:00,000 --> 00:00:03,999',
        'Alice Smith: Welcome, everyone.',
        '',
        '2',
        '00:00:04,000 --> 00:00:06,500',
        'Bob: R&D <needs> more --> now',
        '',
        '3',
        '00:00:07,000 --> 00:00:08,000',
        'Bob: Second thought.',
        '',
      ].join('\n'),
    });
  });

  it('writes every field as { segments } JSON, indented by two spaces, in the given order', () => {
    const exported = exportTranscript('json', meeting, segments);
    expect(exported).toMatchObject({ mediaType: 'application/json', extension: 'json' });
    expect(JSON.parse(exported.body)).toEqual({ segments });
    expect(exported.body).toBe(
      [
        '{',
        '  "segments": [',
        '    {',
        '      "segmentId": "s2",',
        '      "speaker": "Bob",',
        '      "startMs": 4000,',
        '      "endMs": 6500,',
        '      "text": "R&D <needs> more --> now",',
        '      "confidence": 0.8',
        '    },',
        '    {',
        '      "segmentId": "s1",',
        '      "speaker": "Alice Smith",',
        '      "participantId": "p1",',
        '      "startMs": 0,',
        '      "endMs": 3999,',
        '      "text": "Welcome,\\neveryone.",',
        '      "language": "en"',
        '    },',
        '    {',
        '      "segmentId": "s3",',
        '      "speaker": "Bob",',
        '      "startMs": 7000,',
        '      "endMs": 8000,',
        '      "text": "Second thought."',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes Markdown minutes with every section, grouping consecutive segments of one speaker', () => {
    const exported = exportTranscript('md', meeting, segments);
    expect(exported).toMatchObject({ mediaType: 'text/markdown; charset=utf-8', extension: 'md' });
    expect(exported.body).toBe(
      [
        '# Q3 planning',
        '',
        '**Date:** 2024-05-02 14:00 UTC · **Status:** completed',
        '',
        '**Tags:** planning, q3',
        '',
        'Budget and hiring.',
        '',
        'Bring numbers.',
        '',
        '## Participants',
        '',
        '- Alice Smith <alice@example.com>, host',
        '- Bob <bob@example.com>',
        '',
        '## Summary',
        '',
        'We agreed on the budget.',
        '',
        '## Decisions',
        '',
        '- Hire two engineers',
        '',
        '## Action items',
        '',
        '- [ ] Draft job ads (Bob, due 2024-05-10)',
        '- [x] Book room',
        '- [ ] Order pizza (in progress)',
        '- [ ] Call the caterer (Alice Smith, cancelled)',
        '',
        '## Transcript',
        '',
        '**[00:00] Alice Smith:** Welcome, everyone.',
        '',
        '**[00:04] Bob:** R&D \\<needs> more --> now',
        'Second thought.',
        '',
      ].join('\n'),
    );
  });

  it('leaves out what the meeting does not have and falls back to the scheduled start', () => {
    const bare: MeetingForExport = {
      title: 'Standup',
      status: 'scheduled',
      scheduledStartAt: new Date('2024-01-09T09:05:59Z'),
      tags: [],
      participants: [],
      analysis: { decisions: [] },
      actionItems: [],
    };
    expect(exportTranscript('md', bare, []).body).toBe(
      ['# Standup', '', '**Date:** 2024-01-09 09:05 UTC · **Status:** scheduled', '', '## Transcript', '', 'No transcript yet.', ''].join(
        '\n',
      ),
    );
    const undated = exportTranscript('md', { ...bare, scheduledStartAt: null, startedAt: new Date(Number.NaN), analysis: null }, []).body;
    expect(undated.split('\n')[2]).toBe('**Status:** scheduled');
  });

  it('switches the Markdown clock to hh:mm:ss when the transcript runs past an hour', () => {
    const long = [
      { segmentId: 'a', speaker: 'A', startMs: 59_999, endMs: 60_000, text: 'early' },
      { segmentId: 'b', speaker: 'B', startMs: 3_723_000, endMs: 3_724_000, text: 'late' },
    ];
    expect(exportTranscript('md', meeting, long).body).toContain('**[00:00:59] A:** early\n\n**[01:02:03] B:** late\n');
    expect(exportTranscript('md', meeting, long.slice(0, 1)).body).toContain('**[00:59] A:** early\n');
  });

  it('escapes Markdown in user text without cluttering ordinary words', () => {
    const tricky: MeetingForExport = {
      ...meeting,
      title: '#1 *urgent* review ##',
      description: '# not a heading\n- not a list\n1. not ordered\n---',
      participants: [{ name: '_Dana_ [ops]', email: 'dana@example.com', role: 'note *taker*' }],
      analysis: { decisions: ['> quoted?'] },
    };
    const body = exportTranscript('md', tricky, [
      { segmentId: 'x', speaker: '**Eve**', startMs: 0, endMs: 1, text: 'use snake_case and `code` &amp; <b>' },
    ]).body;
    expect(body).toContain('# \\#1 \\*urgent\\* review \\##\n');
    expect(body).toContain('\\# not a heading\n\\- not a list\n1\\. not ordered\n\\---\n');
    expect(body).toContain('- \\_Dana\\_ \\[ops] <dana@example.com>, note \\*taker\\*\n');
    expect(body).toContain('- \\> quoted?\n');
    expect(body).toContain('**[00:00] \\*\\*Eve\\*\\*:** use snake_case and \\`code\\` \\&amp; \\<b>\n');
  });

  it('escapes line-start markers in grouped segments', () => {
    const body = exportTranscript('md', meeting, [
      { segmentId: 'a', speaker: 'A', startMs: 0, endMs: 1, text: 'First' },
      { segmentId: 'b', speaker: 'A', startMs: 1, endMs: 2, text: '# second' },
      { segmentId: 'c', speaker: 'A', startMs: 2, endMs: 3, text: '2. third' },
    ]).body;
    expect(body).toContain('**[00:00] A:** First\n\\# second\n2\\. third\n');
  });

  it('keeps helper escapes idempotent on plain prose', () => {
    const prose = 'We met at 10:30, agreed on snake_case names (v2.1), and left.';
    expect(escapeMarkdownInline(prose)).toBe(prose);
    expect(escapeMarkdownLine(prose)).toBe(prose);
  });

  it('refuses an unknown format from an untyped caller', () => {
    const call = () => exportTranscript('docx' as TranscriptExportFormat, meeting, segments);
    expect(call).toThrow(TranscriptFormatError);
    expect(call).toThrow('unknown export format "docx"; supported: vtt, srt, json, md');
  });
});
