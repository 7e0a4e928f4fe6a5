import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * A passage's vector from one embeddings model. Keyed by passage and model, so a model change fills
 * the new model's vectors beside the old ones, which keep serving queries until the new model covers
 * the tenant (embeddings/dense-model.ts). PostgreSQL here has no pgvector, so the vector is a plain
 * `real[]`, stored L2-normalised: cosine similarity is then a dot product.
 */
@Entity('rag_chunk_embeddings')
@Check('ck_rag_chunk_embeddings_dimension', `cardinality("vector") = "dimension"`)
@Index('ix_rag_chunk_embeddings_tenant_model', ['tenantId', 'model'])
export class RagChunkEmbedding {
  @PrimaryColumn('uuid')
  chunkId: string;

  /** `provider:model`, e.g. `openai:text-embedding-3-small`: vectors of different models are never compared. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  model: string;

  @Column('uuid')
  tenantId: string;

  @Column({ type: 'integer' })
  dimension: number;

  @Column({ type: 'real', array: true })
  vector: number[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne('RagChunk', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chunk_id' })
  chunk?: unknown;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
