import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import type { Request } from 'express';
import { ProblemException, receiveMultipartFile, unprocessable } from '@quorum/platform';
import { AUDIO_MEDIA_TYPES, AUDIO_SNIFF_BYTES, type AudioFormat, sniffAudioFormat } from './audio-format';

/** An upload on disk, checked: its real format, size and digest. The caller removes it (`discard`). */
export interface ReceivedAudio {
  path: string;
  /** The client's file name, for display only (never a path on our side). */
  filename: string;
  format: AudioFormat;
  sizeBytes: number;
  sha256: string;
  /** The optional `language` form field (ISO 639-1), checked. */
  language?: string;
  discard(): Promise<void>;
}

const UPLOAD_DIR = join(tmpdir(), 'quorum-uploads');

/** Reads the first bytes as they pass and refuses the upload at once when they are not an audio container. */
class AudioSniffer extends Transform {
  format?: AudioFormat;
  private head = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.format) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, AUDIO_SNIFF_BYTES)]).subarray(0, AUDIO_SNIFF_BYTES);
      if (this.head.length >= AUDIO_SNIFF_BYTES && !(this.format = sniffAudioFormat(this.head))) return done(notAudio());
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    // Nothing at all is the caller's 422 (an empty file); a few bytes that are not audio are a 415.
    if (!this.format && this.head.length > 0 && !(this.format = sniffAudioFormat(this.head))) return done(notAudio());
    done();
  }
}

/**
 * Reads a recording upload (a `file` part, an optional `language` field) as it arrives, straight to
 * a temporary file: never whole in memory, at most `maxBytes` (413 past it), and refused with 415 as
 * soon as its first bytes are not an audio container. Whatever fails, nothing stays on disk.
 */
export async function receiveAudioUpload(req: Request, maxBytes: number): Promise<ReceivedAudio> {
  await mkdir(UPLOAD_DIR, { recursive: true, mode: 0o700 });
  const path = join(UPLOAD_DIR, randomUUID());
  const discard = () => rm(path, { force: true });
  let sniffer: AudioSniffer | undefined;
  try {
    const file = await receiveMultipartFile(req, {
      fileField: 'file',
      maxBytes,
      limitName: 'RECORDING_MAX_BYTES; split longer audio or compress it',
      destination: { path },
      inspect: () => (sniffer = new AudioSniffer()),
      fields: {
        language: (value) =>
          /^[a-z]{2,3}$/.test(value) ? value : unprocessable('language', 'language must be an ISO 639-1 code such as en or de'),
      },
    });
    return {
      path,
      filename: file.filename,
      format: sniffer!.format!,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      ...(file.fields.language ? { language: file.fields.language } : {}),
      discard,
    };
  } catch (error) {
    await discard();
    throw error;
  }
}

function notAudio(): ProblemException {
  return new ProblemException({
    status: 415,
    detail: `The file is not audio in a format transcription takes (WAV, MP3, FLAC, Ogg, WebM or M4A), judged by its content, not its name.`,
    headers: { 'Accept-Post': 'multipart/form-data' },
    extensions: { accepted: AUDIO_MEDIA_TYPES },
  });
}
