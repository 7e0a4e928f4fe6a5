import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import busboy from 'busboy';
import { ProblemException, unprocessable } from '@quorum/platform';
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

const FILE_FIELD = 'file';
const UPLOAD_DIR = join(tmpdir(), 'quorum-uploads');

/** Checks each chunk as it passes: the size limit, the digest, and the first bytes' format before anything is kept. */
class AudioCheck extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  format?: AudioFormat;
  private head = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(tooLarge(this.maxBytes));
    if (!this.format) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, AUDIO_SNIFF_BYTES)]).subarray(0, AUDIO_SNIFF_BYTES);
      if (this.head.length >= AUDIO_SNIFF_BYTES) {
        this.format = sniffAudioFormat(this.head);
        if (!this.format) return done(notAudio());
      }
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (!this.format) this.format = sniffAudioFormat(this.head);
    done(this.format ? null : this.size === 0 ? emptyFile() : notAudio());
  }
}

/**
 * Reads a `multipart/form-data` recording upload (a `file` part, an optional `language` field) as it
 * arrives, straight to a temporary file: never whole in memory, at most `maxBytes` (413 past it, with
 * what was written removed), and refused with 415 as soon as its first bytes are not an audio
 * container. Whatever fails, nothing stays on disk.
 */
export async function receiveAudioUpload(req: Request, maxBytes: number): Promise<ReceivedAudio> {
  await mkdir(UPLOAD_DIR, { recursive: true, mode: 0o700 });
  const path = join(UPLOAD_DIR, randomUUID());
  const discard = () => rm(path, { force: true });
  try {
    const received = await readParts(req, path, maxBytes);
    return { ...received, path, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

function readParts(req: Request, path: string, maxBytes: number): Promise<Omit<ReceivedAudio, 'path' | 'discard'>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 4, fieldSize: 1024, parts: 6, fileSize: maxBytes + 1 } });
    } catch (error) {
      reject(malformed((error as Error).message));
      return;
    }
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // The rest of the body is read and dropped, so the answer is not cut off by a reset connection.
      req.resume();
      reject(error);
    };
    let language: string | undefined;
    let file: Promise<Omit<ReceivedAudio, 'path' | 'discard' | 'language'>> | undefined;

    parser.on('field', (name, value) => {
      if (name !== 'language') return;
      if (!/^[a-z]{2,3}$/.test(value)) return fail(unprocessable('language', 'language must be an ISO 639-1 code such as en or de'));
      language = value;
    });
    parser.on('file', (name, stream, info) => {
      // After a failure (a bad field before the file) nothing more is written: a part already parsed is drained.
      if (name !== FILE_FIELD || file || settled) {
        stream.resume();
        return;
      }
      const check = new AudioCheck(maxBytes);
      file = pipeline(stream, check, createWriteStream(path, { mode: 0o600 })).then(() => ({
        filename: safeName(info.filename),
        format: check.format!,
        sizeBytes: check.size,
        sha256: check.hash.digest('hex'),
      }));
      file.catch(fail);
    });
    parser.on('filesLimit', () => fail(malformed('send one file per recording')));
    parser.on('partsLimit', () => fail(malformed('too many parts; send the file and, optionally, language')));
    parser.on('error', (error: Error) => fail(malformed(error.message)));
    parser.on('close', () => {
      if (settled) return;
      if (!file) return fail(unprocessable(FILE_FIELD, 'the recording must be sent as a form part named file'));
      file.then((received) => {
        if (settled) return;
        settled = true;
        resolve({ ...received, ...(language ? { language } : {}) });
      }, fail);
    });
    req.on('close', () => {
      if (!req.complete) fail(malformed('the upload was cut off'));
    });
    req.pipe(parser);
  });
}

/** A display name: no directories, no control characters, bounded. */
function safeName(filename: string | undefined): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200);
  return clean || 'recording';
}

function tooLarge(maxBytes: number): ProblemException {
  return new ProblemException({
    status: 413,
    detail: `A recording may be at most ${maxBytes} bytes (RECORDING_MAX_BYTES); split longer audio or compress it.`,
    extensions: { maxBytes },
  });
}

function notAudio(): ProblemException {
  return new ProblemException({
    status: 415,
    detail: `The file is not audio in a format transcription takes (WAV, MP3, FLAC, Ogg, WebM or M4A), judged by its content, not its name.`,
    headers: { 'Accept-Post': 'multipart/form-data' },
    extensions: { accepted: AUDIO_MEDIA_TYPES },
  });
}

function emptyFile(): ProblemException {
  return unprocessable(FILE_FIELD, 'the recording file is empty');
}

function malformed(reason: string): ProblemException {
  return new ProblemException({ status: 400, detail: `The multipart body could not be read: ${reason}.` });
}
