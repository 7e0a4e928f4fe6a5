import { sniffAudioFormat } from './audio-format';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

describe('sniffAudioFormat', () => {
  it.each([
    ['wav', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['flac', bytes('fLaC', [0, 0, 0, 0x22])],
    ['ogg', bytes('OggS', [0, 2])],
    ['webm', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f])],
    ['m4a', bytes([0, 0, 0, 0x20], 'ftypM4A ')],
    ['mp3', bytes('ID3', [4, 0, 0])],
    ['mp3', bytes([0xff, 0xfb, 0x90, 0x64])],
  ])('recognises %s by its first bytes', (extension, head) => {
    expect(sniffAudioFormat(head)?.extension).toBe(extension);
  });

  it.each([
    ['a PDF', bytes('%PDF-1.7')],
    ['a PNG', bytes([0x89], 'PNG', [0x0d, 0x0a])],
    ['a RIFF that is not WAVE (AVI)', bytes('RIFF', [0, 0, 0, 0], 'AVI ')],
    ['text', bytes('Ada: hello')],
    ['an MPEG layer II frame', bytes([0xff, 0xfd, 0x90, 0x64])],
    ['nothing', bytes()],
  ])('refuses %s', (_, head) => {
    expect(sniffAudioFormat(head)).toBeUndefined();
  });
});
