import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { releaseAdmission } from './admission-gate';

/** Bytes buffered ahead of the socket: the next chunk is produced only once the client has taken about this much. */
const BUFFER_BYTES = 64 * 1024;

/**
 * Writes `chunks` as the response body while they are produced, with
 * backpressure: the next chunk is asked for only when the client has read
 * what came before, so memory stays at about one chunk however long the body.
 * Without a Content-Length, Node sends it chunked.
 *
 * Instead of a total time limit (a large body to a slow client may rightly take
 * long), the stream must make progress: if no chunk is taken for `stallMs`, or
 * the client goes away, the connection is cut, the source is closed (which
 * stops its database reads) and this resolves, as nobody is left to answer. A
 * failure of the source rejects with its error; the headers are out by then,
 * so the caller's error handling can only cut the connection, which tells the
 * client the file is incomplete.
 */
export async function streamResponse(res: Response, chunks: AsyncIterable<string>, stallMs: number): Promise<void> {
  // A long body paced by the client holds no turn of the admission gate: a few slow downloads must not stall everyone.
  releaseAdmission(res);
  // Every layer of the pipeline (request context, metrics, drain, logger, compression) watches the response's close,
  // and the stream pipeline adds its own listeners: past Node's default of 10 that is expected, not a leak.
  res.setMaxListeners(Math.max(res.getMaxListeners(), 20));
  // Only a failure of `chunks` itself is the caller's to handle; the errors a cut connection throws into the stream are not.
  let sourceError: { error: unknown } | undefined;
  const stall = setTimeout(() => source.destroy(new Error(`the client took nothing for ${stallMs} ms`)), stallMs);
  const watched = async function* (): AsyncGenerator<string, void, undefined> {
    const iterator = chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<string>;
        try {
          next = await iterator.next();
        } catch (error) {
          sourceError = { error };
          throw error;
        }
        if (next.done) return;
        yield next.value;
        // Resumed: the client took what came before, which is progress.
        stall.refresh();
      }
    } finally {
      // Closes the source when the stream ends early (a cut connection), which stops its database reads.
      await iterator.return?.();
    }
  };
  const source = Readable.from(watched(), { objectMode: false, highWaterMark: BUFFER_BYTES });
  try {
    await pipeline(source, res);
  } catch {
    if (sourceError) throw sourceError.error;
    // The client went away or stopped reading; pipeline has already cut the connection.
  } finally {
    clearTimeout(stall);
    // pipeline settles as soon as the response does; the source may still be closing.
    if (!source.closed) await new Promise((resolve) => source.once('close', resolve));
  }
}
