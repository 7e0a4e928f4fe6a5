import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MaskingService } from '@quorum/ai';
import {
  AppConfig,
  assertVersion,
  type Page,
  ProblemException,
  RequestContext,
  receiveMultipartFile,
  Transactions,
  unprocessable,
} from '@quorum/platform';
import type { Request } from 'express';
import { RagChunksRepository } from '../chunks/rag-chunks.repository';
import { IngestionQueue } from '../ingestion/ingestion.queue';
import { type CreateTextDocumentDto, TAG_PATTERN } from './dto/create-text-document.dto';
import type { ListDocumentsQuery } from './dto/list-documents.query';
import { type DocumentAcceptedDto, RagDocumentDto } from './dto/rag-document.dto';
import type { UpdateDocumentDto } from './dto/update-document.dto';
import { DOCUMENT_MEDIA_TYPES, type DocumentFormat, sniffDocumentFormat } from './extraction/document-format';
import { RagDocumentsRepository } from './rag-documents.repository';

const RESOURCE = 'The document';

function tagsOf(value: string): string[] | ProblemException {
  const tags = [
    ...new Set(
      value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (tags.length > 20 || tags.some((t) => !TAG_PATTERN.test(t)))
    return unprocessable('tags', 'tags must be at most 20 comma-separated tags of 1-50 letters, digits, spaces, . _ or -');
  return tags;
}

/** The knowledge base's documents: upload (then indexed in a job), list, read, rename and retag, delete. */
@Injectable()
export class RagDocumentsService {
  constructor(
    private readonly documents: RagDocumentsRepository,
    private readonly chunks: RagChunksRepository,
    private readonly queue: IngestionQueue,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly masking: MaskingService,
  ) {}

  /** A file upload (`file`, optional `title` and comma-separated `tags`), its format read from its content. */
  async uploadFile(req: Request): Promise<DocumentAcceptedDto> {
    const file = await receiveMultipartFile(req, {
      fileField: 'file',
      maxBytes: this.config.ragDocumentMaxBytes,
      limitName: 'RAG_DOCUMENT_MAX_BYTES',
      destination: 'memory',
      fields: {
        title: (value) =>
          value.trim().length >= 1 && value.length <= 300 ? value.trim() : unprocessable('title', 'title must be 1-300 characters'),
        tags: (value) => {
          const tags = tagsOf(value);
          return tags instanceof ProblemException ? tags : tags.join(',');
        },
      },
    });
    const format = sniffDocumentFormat(file.data!, { mediaType: file.declaredType, filename: file.filename });
    if (!format) {
      throw new ProblemException({
        status: 415,
        detail: 'The file is not a document the knowledge base reads (PDF, DOCX, HTML, Markdown or UTF-8 text), judged by its content.',
        extensions: { accepted: Object.values(DOCUMENT_MEDIA_TYPES) },
      });
    }
    const title = file.fields.title ?? file.filename.replace(/\.[A-Za-z0-9]{1,5}$/, '');
    return this.accept({
      title,
      titleGiven: file.fields.title !== undefined,
      filename: file.filename,
      format,
      content: file.data!,
      sha256: file.sha256,
      tags: file.fields.tags ? file.fields.tags.split(',') : [],
    });
  }

  /** Text sent as JSON (Markdown by default). */
  async createText(dto: CreateTextDocumentDto): Promise<DocumentAcceptedDto> {
    const content = Buffer.from(dto.text, 'utf8');
    if (content.length > this.config.ragDocumentMaxBytes)
      throw new ProblemException({
        status: 413,
        detail: `A document may be at most ${this.config.ragDocumentMaxBytes} bytes (RAG_DOCUMENT_MAX_BYTES).`,
      });
    return this.accept({
      title: dto.title,
      titleGiven: true,
      filename: null,
      format: dto.format ?? 'markdown',
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
      tags: [...new Set(dto.tags ?? [])],
    });
  }

  async get(id: string): Promise<RagDocumentDto> {
    return RagDocumentDto.from(await this.documents.getById(id));
  }

  list(query: ListDocumentsQuery): Promise<Page<RagDocumentDto>> {
    const { limit, cursor, ...filters } = query;
    return this.documents.page(filters, { limit, cursor }, RagDocumentDto.from);
  }

  /** Title and tags; its passages take them in the same transaction. */
  async update(id: string, dto: UpdateDocumentDto, ifMatch: number | null | undefined): Promise<RagDocumentDto> {
    return this.transactions.run(async () => {
      const document = await this.documents.getForUpdate(id);
      assertVersion(ifMatch, document.version, RESOURCE);
      if (dto.title !== undefined) {
        document.title = dto.title;
        document.titleGiven = true;
      }
      if (dto.tags !== undefined) document.tags = [...new Set(dto.tags)];
      const saved = await this.documents.save(document);
      // A masked index stores the title masked too (its own session: its placeholders may differ from the passages' until a re-index).
      const session = await this.masking.indexSession(RequestContext.tenantId());
      await this.chunks.retitleDocument(id, session ? session.mask(saved.title).text : saved.title, saved.tags);
      return RagDocumentDto.from(saved);
    });
  }

  /** The document and, by cascade in the same statement, every passage of it. */
  async remove(id: string, ifMatch: number | null | undefined): Promise<void> {
    await this.transactions.run(async () => {
      const document = await this.documents.getForUpdate(id);
      assertVersion(ifMatch, document.version, RESOURCE);
      await this.documents.remove(document);
    });
  }

  private async accept(input: {
    title: string;
    titleGiven: boolean;
    filename: string | null;
    format: DocumentFormat;
    content: Buffer;
    sha256: string;
    tags: string[];
  }): Promise<DocumentAcceptedDto> {
    const document = await this.documents.save(
      this.documents.create({
        title: input.title.slice(0, 300),
        titleGiven: input.titleGiven,
        filename: input.filename,
        format: input.format,
        sizeBytes: input.content.length,
        sha256: input.sha256,
        tags: input.tags,
        status: 'pending',
        content: input.content,
        createdBy: RequestContext.actorUserId(),
      }),
    );
    const job = await this.queue
      .enqueue({ kind: 'document', documentId: document.id }, { key: ['document', document.id] })
      .catch(async (error: unknown) => {
        // A document no job will ever index would stay `pending`; the client uploads again instead.
        await this.documents.remove(document);
        throw error;
      });
    return { document: RagDocumentDto.from(document), jobId: job.id, location: job.location };
  }
}
