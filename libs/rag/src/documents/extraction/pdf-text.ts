import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DocumentExtractionError } from './document-extraction.error';

export interface PdfText {
  pages: { page: number; text: string }[];
  title?: string;
}

type WorkerAnswer = PdfText | { error: 'too-many-pages'; pages: number } | { error: 'encrypted' | 'unreadable' };

/**
 * A PDF's text, page by page, read by pdf.js in a worker thread with a memory cap and a deadline: a
 * hostile or broken PDF costs that thread, never the process's event loop or heap.
 */
export function pdfText(bytes: Buffer, limits: { maxPages: number; timeoutMs?: number; maxHeapMb?: number }): Promise<PdfText> {
  const { timeoutMs = 30_000, maxHeapMb = 256 } = limits;
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'pdf-text.worker.mjs'), {
      workerData: { bytes: new Uint8Array(bytes), maxPages: limits.maxPages },
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
      stdout: true,
      stderr: true,
    });
    // Neither the thread nor its deadline holds the process open at shutdown: an unfinished job goes back to the queue.
    worker.unref();
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () => finish(() => reject(new DocumentExtractionError(`The PDF took longer than ${timeoutMs / 1000} s to read.`))),
      timeoutMs,
    );
    timer.unref();
    worker.once('message', (answer: WorkerAnswer) =>
      finish(() => {
        if (!('error' in answer)) return resolve(answer);
        reject(
          new DocumentExtractionError(
            answer.error === 'too-many-pages'
              ? `The PDF has ${answer.pages} pages; at most ${limits.maxPages} are read.`
              : answer.error === 'encrypted'
                ? 'The PDF is encrypted; upload it without a password.'
                : 'The PDF could not be read.',
          ),
        );
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          new DocumentExtractionError(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'The PDF needs too much memory to read.' : 'The PDF could not be read.',
          ),
        ),
      ),
    );
    worker.once('exit', () => finish(() => reject(new DocumentExtractionError('The PDF could not be read.'))));
  });
}
