import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { PassThrough, Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { ProblemException } from '../errors/problem.exception';
import { unprocessable } from '../errors/problems';
import { inputProblem, screenInput } from './input-screen';

export interface MultipartFileOptions {
  /** The form part that carries the file. */
  fileField: string;
  /** Past this many bytes the upload is refused with 413 (`limitName` names the setting in the message). */
  maxBytes: number;
  limitName: string;
  /** Text fields taken, each with its check: return the value to keep, or a problem to refuse the upload. */
  fields?: Record<string, (value: string) => string | ProblemException>;
  /** Where the bytes go: kept in memory (small files), or written to this path as they arrive. */
  destination: 'memory' | { path: string };
  /** Sees every chunk before it is kept (a format check on the first bytes); its errors refuse the upload. */
  inspect?: () => Transform;
}

export interface MultipartFile {
  /** The client's file name, for display only: no directories or control characters, at most 200 characters. */
  filename: string;
  /** The type the client declared for the part; never trusted for anything but a hint. */
  declaredType?: string;
  sizeBytes: number;
  sha256: string;
  /** The bytes, when the destination is memory. */
  data?: Buffer;
  /** The checked text fields that were sent. */
  fields: Partial<Record<string, string>>;
}

/** Counts, hashes and bounds the bytes as they pass. */
class Meter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly limitName: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes)
      return done(
        new ProblemException({
          status: 413,
          detail: `The file may be at most ${this.maxBytes} bytes (${this.limitName}).`,
          extensions: { maxBytes: this.maxBytes },
        }),
      );
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/** Collects what it is given, for the memory destination. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }
}

/**
 * Reads a `multipart/form-data` body with one file as it arrives (busboy): the file goes through the
 * size bound and the caller's inspection into memory or a file, the text fields through their checks.
 * Refusals are problems: 413 past the bound, 422 for a missing file or a bad field, 400 for a body
 * that is not well-formed multipart or is cut off; the rest of a refused body is read and dropped so
 * the answer reaches the client. The caller removes a destination file when it is done or on error.
 */
export function receiveMultipartFile(req: Request, options: MultipartFileOptions): Promise<MultipartFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      const fieldCount = Object.keys(options.fields ?? {}).length;
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fields: fieldCount + 2, fieldSize: 4096, parts: fieldCount + 4, fileSize: options.maxBytes + 1 },
      });
    } catch (error) {
      reject(malformed((error as Error).message));
      return;
    }
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    const fields: Partial<Record<string, string>> = {};
    let file: Promise<Omit<MultipartFile, 'fields'>> | undefined;

    parser.on('field', (name, value) => {
      const check = options.fields?.[name];
      if (!check) return;
      const checked = check(value);
      if (checked instanceof ProblemException) return fail(checked);
      fields[name] = checked;
    });
    parser.on('file', (name, stream, info) => {
      // A second file, another part, or anything after a refusal is drained, never kept.
      if (name !== options.fileField || file || settled) {
        stream.resume();
        return;
      }
      const meter = new Meter(options.maxBytes, options.limitName);
      const sink = options.destination === 'memory' ? new Collector() : createWriteStream(options.destination.path, { mode: 0o600 });
      file = pipeline(stream, meter, options.inspect?.() ?? new PassThrough(), sink).then(() => ({
        filename: safeName(info.filename),
        ...(info.mimeType ? { declaredType: info.mimeType } : {}),
        sizeBytes: meter.size,
        sha256: meter.hash.digest('hex'),
        ...(sink instanceof Collector ? { data: Buffer.concat(sink.chunks) } : {}),
      }));
      file.catch(fail);
    });
    parser.on('filesLimit', () => fail(malformed('send one file')));
    parser.on('partsLimit', () => fail(malformed('too many parts')));
    parser.on('error', (error: Error) => fail(malformed(error.message)));
    parser.on('close', () => {
      if (settled) return;
      if (!file) return fail(unprocessable(options.fileField, `the file must be sent as a form part named ${options.fileField}`));
      file.then((received) => {
        if (settled) return;
        if (received.sizeBytes === 0) return fail(unprocessable(options.fileField, 'the file is empty'));
        // The same screen as JSON bodies: a NUL or a lone surrogate in a field is a 400, never a database error.
        const { violation } = screenInput(fields);
        if (violation) return fail(inputProblem(violation, 'The form'));
        settled = true;
        resolve({ ...received, fields });
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
  return (
    base
      .replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 200) || 'upload'
  );
}

function malformed(reason: string): ProblemException {
  return new ProblemException({ status: 400, detail: `The multipart body could not be read: ${reason}.` });
}
