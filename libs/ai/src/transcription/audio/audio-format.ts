/** An audio container the transcription providers take (OpenAI's list: flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm). */
export interface AudioFormat {
  /** The file extension the provider goes by. */
  extension: 'wav' | 'mp3' | 'flac' | 'ogg' | 'webm' | 'm4a';
  mediaType: string;
}

/** How many leading bytes `sniffAudioFormat` needs to decide. */
export const AUDIO_SNIFF_BYTES = 16;

/** The media types a recording upload may declare for its file part, for the OpenAPI document and error messages. */
export const AUDIO_MEDIA_TYPES = ['audio/wav', 'audio/mpeg', 'audio/flac', 'audio/ogg', 'audio/webm', 'audio/mp4'];

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((byte, i) => bytes[offset + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The container an upload really is, read from its first bytes (its magic number), never from the
 * name or the declared type, which the client chooses. Undefined for anything else (a PDF, a script,
 * a PNG renamed .mp3).
 */
export function sniffAudioFormat(head: Uint8Array): AudioFormat | undefined {
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WAVE'), 8)) return { extension: 'wav', mediaType: 'audio/wav' };
  if (startsWith(head, ascii('fLaC'))) return { extension: 'flac', mediaType: 'audio/flac' };
  if (startsWith(head, ascii('OggS'))) return { extension: 'ogg', mediaType: 'audio/ogg' };
  // EBML: WebM and Matroska.
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return { extension: 'webm', mediaType: 'audio/webm' };
  // ISO base media (MP4, M4A): a box size, then `ftyp`.
  if (startsWith(head, ascii('ftyp'), 4)) return { extension: 'm4a', mediaType: 'audio/mp4' };
  // MP3 with an ID3v2 tag, or starting with a frame: 11 sync bits, MPEG version not reserved, layer III.
  if (startsWith(head, ascii('ID3'))) return { extension: 'mp3', mediaType: 'audio/mpeg' };
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x18) !== 0x08 && (head[1] & 0x06) === 0x02)
    return { extension: 'mp3', mediaType: 'audio/mpeg' };
  return undefined;
}
