import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn } from 'typeorm';
import type { DocumentFormat } from '../extraction/document-format';

export const DOCUMENT_STATUSES = ['pending', 'indexed', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/**
 * A document a tenant filed for its knowledge base, with the file as uploaded (read by the ingestion
 * job, which may run in another process) and how its indexing went. Its passages are rag_chunks rows.
 */
@Entity('rag_documents')
@Check('ck_rag_documents_status', `"status" IN ('pending', 'indexed', 'failed')`)
@Check('ck_rag_documents_format', `"format" IN ('pdf', 'docx', 'html', 'markdown', 'text')`)
@Index('ix_rag_documents_tenant_created', ['tenantId', 'createdAt', 'id'])
export class RagDocument extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** Whether the client gave the title; if not, ingestion replaces the file name with the document's own title. */
  @Column({ type: 'boolean', default: true })
  titleGiven: boolean;

  /** The client's file name, for display only; null for text sent as JSON. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  filename: string | null;

  /** From the content, not from what the client declared. */
  @Column({ type: 'varchar', length: 16 })
  format: DocumentFormat;

  @Column({ type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Index('ix_rag_documents_tags', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DocumentStatus;

  /** Why indexing failed, in words the tenant may read. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'integer', nullable: true })
  pageCount: number | null;

  @Column({ type: 'integer', default: 0 })
  chunkCount: number;

  /** The file as uploaded; never selected unless asked for (lists stay light). */
  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: unknown;
}
