import type { FormatCallback } from 'html-to-text';
import type JSZip from 'jszip';
import { DocumentExtractionError } from './document-extraction.error';
import type { DocumentFormat } from './document-format';
import { pdfText } from './pdf-text';

export { DocumentExtractionError };

/** A document's text as the chunker reads it: Markdown-ish (headings as `#` lines), with PDF pages kept apart. */
export interface ExtractedText {
  /** One entry per PDF page (numbered from 1); one entry with page null for every other format. */
  pages: { page: number | null; text: string }[];
  /** The first heading or the PDF's title, when the document names itself. */
  title?: string;
}

export interface ExtractionLimits {
  /** At most this many characters of text, all pages together. */
  maxChars: number;
  /** At most this many PDF pages. */
  maxPages: number;
  /** A DOCX's parts may unpack to at most this many bytes (a ZIP bomb is refused before it is unpacked). */
  maxUnpackedBytes: number;
}

export const DEFAULT_EXTRACTION_LIMITS: ExtractionLimits = { maxChars: 2_000_000, maxPages: 2000, maxUnpackedBytes: 100 * 1024 * 1024 };

/** Writes HTML headings as Markdown headings, so the chunker can keep each passage's heading path. */
const markdownHeading =
  (level: number): FormatCallback =>
  (elem, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 });
    builder.addLiteral(`${'#'.repeat(level)} `);
    walk(elem.children, builder);
    builder.closeBlock({ trailingLineBreaks: 2 });
  };

/** html-to-text, JSZip and mammoth are loaded at the first document that needs them: processes that never read one keep their memory. */
async function htmlText(html: string): Promise<string> {
  const { convert: htmlToText } = await import('html-to-text');
  return htmlToText(html, {
    wordwrap: false,
    formatters: Object.fromEntries([1, 2, 3, 4, 5, 6].map((level) => [`h${level}`, markdownHeading(level)])),
    selectors: [
      ...[1, 2, 3, 4, 5, 6].map((level) => ({ selector: `h${level}`, format: `h${level}` })),
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'nav', format: 'skip' },
    ],
  });
}

function firstHeading(text: string): string | undefined {
  return /^#{1,6}\s+(.+)$/m.exec(text)?.[1]?.trim().slice(0, 300) || undefined;
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new DocumentExtractionError('The text is not valid UTF-8; save it as UTF-8 and upload it again.');
  }
}

/** Sum of what a ZIP's entries unpack to, read from its central directory without unpacking anything. */
async function assertUnpackedSize(zip: JSZip, max: number): Promise<void> {
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    // JSZip keeps the central directory's sizes on each entry; they are what a decompressor would produce.
    const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    total += size;
    if (total > max)
      throw new DocumentExtractionError(`The document unpacks to more than ${max} bytes; it is refused as a possible ZIP bomb.`);
  }
}

async function docxText(bytes: Buffer, limits: ExtractionLimits): Promise<string> {
  const { default: JSZip } = await import('jszip');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new DocumentExtractionError('The file looks like a ZIP archive but cannot be opened.');
  }
  if (!zip.file('word/document.xml')) throw new DocumentExtractionError('The ZIP archive is not a Word document (DOCX).');
  await assertUnpackedSize(zip, limits.maxUnpackedBytes);
  const mammoth = await import('mammoth');
  try {
    const { value } = await mammoth.convertToHtml({ buffer: bytes });
    return await htmlText(value);
  } catch {
    throw new DocumentExtractionError('The Word document could not be read.');
  }
}

/** The text of a document of a known format, within `limits`; DocumentExtractionError says why not. */
export async function extractDocumentText(
  bytes: Buffer,
  format: DocumentFormat,
  limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS,
): Promise<ExtractedText> {
  let extracted: ExtractedText;
  switch (format) {
    case 'pdf':
      extracted = await pdfText(bytes, { maxPages: limits.maxPages });
      break;
    case 'docx': {
      const text = await docxText(bytes, limits);
      extracted = { pages: [{ page: null, text }], title: firstHeading(text) };
      break;
    }
    case 'html': {
      const html = utf8(bytes);
      const text = await htmlText(html);
      const own = /<title[^>]*>([^<]{1,300})<\/title>/i.exec(html)?.[1];
      // The <title> as text: its character references decoded ("Q&amp;A" is "Q&A").
      const title = (own && (await htmlText(own)).trim()) || firstHeading(text);
      extracted = { pages: [{ page: null, text }], ...(title ? { title } : {}) };
      break;
    }
    case 'markdown':
    case 'text': {
      const text = utf8(bytes);
      extracted = { pages: [{ page: null, text }], ...(format === 'markdown' && firstHeading(text) ? { title: firstHeading(text) } : {}) };
      break;
    }
  }
  const pages = extracted.pages.map((p) => ({ ...p, text: p.text.replaceAll('\u0000', '').replace(/\r\n?/g, '\n') }));
  // A title becomes the document's name: one line, no control characters (PostgreSQL refuses NUL), at most 300 characters.
  const title = extracted.title
    ?.replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ')
    .trim()
    .slice(0, 300);
  const total = pages.reduce((sum, p) => sum + p.text.length, 0);
  if (total > limits.maxChars)
    throw new DocumentExtractionError(`The document holds more than ${limits.maxChars} characters of text; split it.`);
  if (pages.every((p) => p.text.trim() === ''))
    throw new DocumentExtractionError(
      format === 'pdf' ? 'The PDF has no text layer (a scan?); it cannot be indexed without OCR.' : 'The document has no text.',
    );
  return { pages, ...(title ? { title } : {}) };
}
