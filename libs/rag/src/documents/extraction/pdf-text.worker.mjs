// Reads a PDF's text in a worker thread (see pdf-text.ts): plain ESM JavaScript, so it runs the same
// from the sources, from dist/ and under Jest, and pdf.js's own worker loads the way it expects.
import { parentPort, workerData } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';

const parser = new PDFParse({ data: workerData.bytes });
try {
  const info = await parser.getInfo();
  if (info.total > workerData.maxPages) {
    parentPort.postMessage({ error: 'too-many-pages', pages: info.total });
  } else {
    const text = await parser.getText();
    const title = typeof info.info?.Title === 'string' ? info.info.Title : undefined;
    parentPort.postMessage({ pages: text.pages.map((page) => ({ page: page.num, text: page.text })), title });
  }
} catch (error) {
  parentPort.postMessage({ error: error?.name === 'PasswordException' ? 'encrypted' : 'unreadable' });
} finally {
  await parser.destroy().catch(() => undefined);
}
