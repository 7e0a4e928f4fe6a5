import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const CHUNK_SOURCE_TYPES = ['document', 'transcript', 'analysis'] as const;
export type ChunkSourceType = (typeof CHUNK_SOURCE_TYPES)[number];

/**
 * One retrievable passage: a stretch of a document, of a meeting's transcript, or of its analysis,
 * with what a citation needs (document page and heading path, or segment ids, speakers and times).
 * Written only by the knowledge base's indexing, replaced whole per source.
 */
@Entity('rag_chunks')
@Check(
  'ck_rag_chunks_source',
  `("source_type" = 'document') = ("document_id" IS NOT NULL) AND ("source_type" = 'document' OR "meeting_id" IS NOT NULL)`,
)
@Check('ck_rag_chunks_source_type', `"source_type" IN ('document', 'transcript', 'analysis')`)
@Index('ix_rag_chunks_document', ['tenantId', 'documentId', 'chunkIndex'])
@Index('ix_rag_chunks_meeting', ['tenantId', 'meetingId', 'sourceType', 'chunkIndex'])
// Searches filtered by meeting or document (`sourceIds`) narrow through this, not the text index.
@Index('ix_rag_chunks_source', ['tenantId', 'sourceId'])
export class RagChunk {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  tenantId: string;

  @Column({ type: 'varchar', length: 16 })
  sourceType: ChunkSourceType;

  @Column('uuid', { nullable: true })
  documentId: string | null;

  @Column('uuid', { nullable: true })
  meetingId: string | null;

  /** The document or the meeting: what the filters group by (diversity by this and the source type). */
  @Column({ type: 'uuid', insert: false, update: false, generatedType: 'STORED', asExpression: 'coalesce("document_id", "meeting_id")' })
  sourceId: string;

  /** Its place in its source, from 0. */
  @Column({ type: 'integer' })
  chunkIndex: number;

  /** The document's or the meeting's title (weighted above the body in search). */
  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** Headings above the passage in a document, outermost first. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  headingPath: string[];

  @Column({ type: 'text' })
  body: string;

  /** Words of the body: the passage length that BM25 normalises by. */
  @Column({ type: 'integer' })
  words: number;

  @Column({ type: 'integer', nullable: true })
  page: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  segmentIds: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  speakers: string[];

  @Column({ type: 'integer', nullable: true })
  startMs: number | null;

  @Column({ type: 'integer', nullable: true })
  endMs: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  /** When what it says was said or filed: the meeting's start, the document's upload. For date filters. */
  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  // A GIN index on (tenant_id, search) (btree_gin), made by the migration: the tenant narrows inside the index.
  @Index('ix_rag_chunks_search', { synchronize: false })
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `setweight(to_tsvector('english', coalesce("title", '')), 'A') || setweight(to_tsvector('english', "body"), 'B')`,
  })
  search: string;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('RagDocument', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document?: unknown;

  @ManyToOne('Meeting', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: unknown;
}
