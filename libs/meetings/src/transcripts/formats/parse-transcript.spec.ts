import { mediaTypeEssence, parseTranscript, TRANSCRIPT_MEDIA_TYPES } from './parse-transcript';
import { MAX_TRANSCRIPT_BYTES } from './segment';
import { failure } from './format-failure.testing';

const one = { speaker: 'Alice', startMs: 1000, endMs: 2000, text: 'Hi' };

describe('parseTranscript', () => {
  it.each([
    ['text/vtt', 'WEBVTT\n\nc1\n00:01.000 --> 00:02.000\n<v Alice>Hi', 'c1'],
    ['application/x-subrip', '1\n00:00:01,000 --> 00:00:02,000\nAlice: Hi', 'srt-1'],
    ['text/srt', '1\n00:00:01,000 --> 00:00:02,000\nAlice: Hi', 'srt-1'],
    ['application/srt', '1\n00:00:01,000 --> 00:00:02,000\nAlice: Hi', 'srt-1'],
    ['application/json', JSON.stringify([{ segmentId: 'j1', ...one }]), 'j1'],
  ])('reads %s', (mediaType, body, segmentId) => {
    expect(parseTranscript(body, mediaType)).toEqual([{ segmentId, ...one }]);
  });

  it('reads text/plain', () => {
    expect(parseTranscript('Alice: Hi', 'text/plain')).toEqual([
      { segmentId: 'line-1', speaker: 'Alice', startMs: 0, endMs: 1000, text: 'Hi' },
    ]);
  });

  it('ignores media type parameters, case and surrounding space', () => {
    expect(mediaTypeEssence(' Text/VTT ; charset=UTF-8')).toBe('text/vtt');
    expect(parseTranscript('Alice: Hi', 'TEXT/PLAIN; charset="utf-8"; format=flowed')).toHaveLength(1);
  });

  it('refuses other media types with 415 and lists the supported ones', () => {
    const error = failure(() => parseTranscript('<html></html>', 'text/html; charset=utf-8'));
    expect(error).toMatchObject({ status: 415, supportedMediaTypes: TRANSCRIPT_MEDIA_TYPES });
    expect(error.message).toBe(
      'unsupported media type "text/html"; supported: text/vtt, application/x-subrip, text/srt, application/srt, application/json, text/plain',
    );
  });

  it('counts the limit in UTF-8 bytes, not characters, and refuses more with 413', () => {
    const justOver = 'é'.repeat(MAX_TRANSCRIPT_BYTES / 2 + 1);
    expect(justOver.length).toBeLessThan(MAX_TRANSCRIPT_BYTES);
    const error = failure(() => parseTranscript(justOver, 'text/plain'));
    expect(error).toMatchObject({ status: 413, line: undefined });
    expect(error.message).toBe(`the transcript is ${MAX_TRANSCRIPT_BYTES + 2} bytes; the limit is ${MAX_TRANSCRIPT_BYTES} (10 MiB)`);
  });

  it('refuses an oversized body before looking at its media type', () => {
    expect(failure(() => parseTranscript('x'.repeat(MAX_TRANSCRIPT_BYTES + 1), 'image/png')).status).toBe(413);
  });

  it('lets a body of exactly the limit through to the parser', () => {
    expect(failure(() => parseTranscript('é'.repeat(MAX_TRANSCRIPT_BYTES / 2), 'text/plain'))).toMatchObject({ status: 400, line: 1 });
  });

  it('reads a large real-sized VTT file quickly', () => {
    const cues = Array.from(
      { length: 20_000 },
      (_, i) => `c${i}\n${stamp(i * 2000)} --> ${stamp(i * 2000 + 1500)}\n<v Speaker ${i % 7}>Sentence number ${i} with a few words.`,
    );
    const started = Date.now();
    const segments = parseTranscript(`WEBVTT\n\n${cues.join('\n\n')}\n`, 'text/vtt');
    expect(segments).toHaveLength(20_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stays linear on hostile lines that a naive pattern would backtrack on', () => {
    const hostile = [`WEBVTT`, '', '00:00.000 --> 00:01.000', '<v '.repeat(300_000)].join('\n');
    const started = Date.now();
    expect(failure(() => parseTranscript(hostile, 'text/vtt')).status).toBe(422);
    const srt = ['1', '00:00:00,000 --> 00:00:01,000', `x${'<font '.repeat(200_000)}`].join('\n');
    expect(failure(() => parseTranscript(srt, 'application/x-subrip'))).toMatchObject({ status: 422, line: 3 });
    const plain = `Alice: hi\n${'a: '.repeat(10)}${'b'.repeat(3_000_000)}`;
    expect(failure(() => parseTranscript(plain, 'text/plain'))).toMatchObject({ status: 422, line: 2 });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

function stamp(ms: number): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}
