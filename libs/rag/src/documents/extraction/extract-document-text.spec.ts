import JSZip from 'jszip';
import { samplePdf, sampleDocx } from '../testing/sample-documents.testing';
import { sniffDocumentFormat } from './document-format';
import { DEFAULT_EXTRACTION_LIMITS, DocumentExtractionError, extractDocumentText } from './extract-document-text';

describe('sniffDocumentFormat', () => {
  it('reads the format from the content, and the Markdown/text distinction from the hint only', () => {
    expect(sniffDocumentFormat(samplePdf(['x']))).toBe('pdf');
    expect(sniffDocumentFormat(Buffer.from('PK\u0003\u0004rest'))).toBe('docx');
    expect(sniffDocumentFormat(Buffer.from('\uFEFF  <!DOCTYPE html><p>x'))).toBe('html');
    expect(sniffDocumentFormat(Buffer.from('# Notes'), { filename: 'notes.md' })).toBe('markdown');
    expect(sniffDocumentFormat(Buffer.from('# Notes'), { mediaType: 'text/markdown; charset=utf-8' })).toBe('markdown');
    expect(sniffDocumentFormat(Buffer.from('plain words'))).toBe('text');
    expect(sniffDocumentFormat(Buffer.from('é').subarray(0, 1))).toBe('text'); // a cut character at the end of a prefix
  });

  it('refuses binary content: NUL bytes, invalid UTF-8, images', () => {
    expect(sniffDocumentFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBeUndefined();
    expect(sniffDocumentFormat(Buffer.from([0x61, 0xff, 0xfe, 0x62]))).toBeUndefined();
    expect(sniffDocumentFormat(Buffer.from('text\u0000more'))).toBeUndefined();
  });
});

describe('extractDocumentText', () => {
  it("gives a document's own title as one clean line: references decoded, control characters and breaks gone", async () => {
    const html = await extractDocumentText(
      Buffer.from('<html><head><title>Q&amp;A:\n  travel\u0007 rules</title></head><p>Text.</p></html>'),
      'html',
    );
    expect(html.title).toBe('Q&A: travel rules');
    const pdf = await extractDocumentText(samplePdf(['Some text'], 'Budget\u0000 2027'), 'pdf');
    expect(pdf.title).toBe('Budget 2027');
    expect((await extractDocumentText(Buffer.from('no heading here'), 'markdown')).title).toBeUndefined();
    expect((await extractDocumentText(Buffer.from(`# ${'long '.repeat(100)}\n\ntext`), 'markdown')).title!.length).toBeLessThanOrEqual(300);
  });

  it('keeps PDF pages apart, with their numbers and the document title', async () => {
    const text = await extractDocumentText(samplePdf(['The budget is 40,000 euros', 'The supplier is Acme'], 'Budget 2027'), 'pdf');
    expect(text.title).toBe('Budget 2027');
    expect(text.pages).toEqual([
      { page: 1, text: expect.stringContaining('The budget is 40,000 euros') },
      { page: 2, text: expect.stringContaining('The supplier is Acme') },
    ]);
  });

  it('turns DOCX and HTML headings into Markdown headings, and skips scripts', async () => {
    const docx = await extractDocumentText(await sampleDocx([{ heading: 'Onboarding' }, { text: 'New members get a laptop.' }]), 'docx');
    expect(docx.pages[0].text).toMatch(/^# Onboarding\n+New members get a laptop\./);
    expect(docx.title).toBe('Onboarding');
    const html = await extractDocumentText(
      Buffer.from(
        '<html><head><title>Policy</title><script>alert(1)</script></head><body><h2>Travel</h2><p>Book <a href="https://x">economy</a>.</p></body></html>',
      ),
      'html',
    );
    expect(html.title).toBe('Policy');
    expect(html.pages[0].text).toMatch(/## Travel\n+Book economy\./);
    expect(html.pages[0].text).not.toContain('alert');
  });

  it('refuses with a reason: no text layer, invalid UTF-8, a ZIP that is not a DOCX, a ZIP bomb, too much text', async () => {
    const refusal = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(DocumentExtractionError);
    await refusal(extractDocumentText(samplePdf(['']), 'pdf'));
    await refusal(extractDocumentText(Buffer.from([0x61, 0xff]), 'text'));
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    await refusal(extractDocumentText(await zip.generateAsync({ type: 'nodebuffer' }), 'docx'));
    const bomb = await sampleDocx([{ text: 'x' }], { 'word/media/huge.bin': '0'.repeat(200_000) });
    await expect(extractDocumentText(bomb, 'docx', { ...DEFAULT_EXTRACTION_LIMITS, maxUnpackedBytes: 100_000 })).rejects.toThrow(
      /ZIP bomb/,
    );
    await expect(extractDocumentText(Buffer.from('a'.repeat(50)), 'text', { ...DEFAULT_EXTRACTION_LIMITS, maxChars: 10 })).rejects.toThrow(
      /more than 10 characters/,
    );
    await refusal(extractDocumentText(Buffer.from('%PDF-1.4 broken'), 'pdf'));
  });
});
