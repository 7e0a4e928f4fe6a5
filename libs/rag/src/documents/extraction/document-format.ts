/** The kinds of document the knowledge base reads. */
export const DOCUMENT_FORMATS = ['pdf', 'docx', 'html', 'markdown', 'text'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DOCUMENT_MEDIA_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
};

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/**
 * What a file is, from its content: PDF and ZIP (a DOCX; its parts are checked when it is read) by
 * their magic numbers, HTML by its opening tag, and otherwise text when it is valid UTF-8 without NUL
 * bytes. Markdown and plain text look alike; the declared type or the name's extension tells them
 * apart, never more than that. Undefined for anything else (images, executables, other archives).
 */
export function sniffDocumentFormat(head: Buffer, hint: { mediaType?: string; filename?: string } = {}): DocumentFormat | undefined {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (ZIP.every((byte, i) => head[i] === byte)) return 'docx';
  if (head.includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(trimIncompleteUtf8(head));
  } catch {
    return undefined;
  }
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 256)
    .toLowerCase();
  if (/^<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]/.test(start)) return 'html';
  const mediaType = (hint.mediaType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'text/html') return 'html';
  if (mediaType === 'text/markdown' || /\.(md|markdown)$/i.test(hint.filename ?? '')) return 'markdown';
  return 'text';
}

/** A sniffed prefix may end inside a multi-byte character; that is not an encoding error. */
function trimIncompleteUtf8(bytes: Buffer): Buffer {
  let end = bytes.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = bytes[end - i];
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (needed > i) end -= i;
    break;
  }
  return bytes.subarray(0, end);
}
