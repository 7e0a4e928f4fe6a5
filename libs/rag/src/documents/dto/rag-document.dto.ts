import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_FORMATS, type DocumentFormat } from '../extraction/document-format';
import { DOCUMENT_STATUSES, type DocumentStatus, type RagDocument } from '../entities/rag-document.entity';

export class RagDocumentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Travel policy' })
  title: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'travel-policy.pdf' })
  filename: string | null;

  @ApiProperty({ enum: DOCUMENT_FORMATS, description: 'From the content, not from what was declared' })
  format: DocumentFormat;

  @ApiProperty()
  sizeBytes: number;

  @ApiProperty({ description: 'SHA-256 of the file, hex' })
  sha256: string;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ enum: DOCUMENT_STATUSES, description: '`pending` until its ingestion job has indexed it, or `failed` with `error`' })
  status: DocumentStatus;

  @ApiPropertyOptional({ nullable: true, type: String })
  error: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'PDFs only' })
  pageCount: number | null;

  @ApiProperty({ description: 'Passages indexed' })
  chunkCount: number;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String })
  createdBy: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  @ApiProperty({ example: 1, description: 'Also the ETag; send it back as If-Match when you change the document' })
  version: number;

  static from(d: Omit<RagDocument, 'content'>): RagDocumentDto {
    return {
      id: d.id,
      title: d.title,
      filename: d.filename,
      format: d.format,
      sizeBytes: d.sizeBytes,
      sha256: d.sha256,
      tags: d.tags,
      status: d.status,
      error: d.error,
      pageCount: d.pageCount,
      chunkCount: d.chunkCount,
      createdBy: d.createdBy,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      version: d.version,
    };
  }
}

export class DocumentAcceptedDto {
  @ApiProperty({ type: RagDocumentDto })
  document: RagDocumentDto;

  @ApiProperty({ description: 'The ingestion job' })
  jobId: string;

  @ApiProperty({ description: "The job's status; also the Location header" })
  location: string;
}

export class RagDocumentPageDto {
  @ApiProperty({ type: [RagDocumentDto] })
  items: RagDocumentDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
