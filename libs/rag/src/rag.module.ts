import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiProvidersModule, AnalysisModule, MaskingModule } from '@quorum/ai';
import { MeetingsModule } from '@quorum/meetings';
import { JobsModule, TenantRepositoryModule } from '@quorum/platform';
import { ChatRepository } from './chat/chat.repository';
import { ChatService } from './chat/chat.service';
import { ChatMessage } from './chat/entities/chat-message.entity';
import { ChatSession } from './chat/entities/chat-session.entity';
import { RagChunkEmbedding } from './chunks/entities/rag-chunk-embedding.entity';
import { RagChunk } from './chunks/entities/rag-chunk.entity';
import { RagChunksRepository } from './chunks/rag-chunks.repository';
import { RagDocument } from './documents/entities/rag-document.entity';
import { RagDocumentsRepository } from './documents/rag-documents.repository';
import { RagDocumentsService } from './documents/rag-documents.service';
import { EmbeddingScheduler } from './embeddings/embedding-scheduler';
import { EmbeddingProcessor } from './embeddings/embedding.processor';
import { EmbeddingQueue } from './embeddings/embedding.queue';
import { RagEmbeddingsRepository } from './embeddings/rag-embeddings.repository';
import { IngestionProcessor } from './ingestion/ingestion.processor';
import { IngestionQueue } from './ingestion/ingestion.queue';
import { MaskingReindexListener } from './ingestion/masking-reindex.listener';
import { MeetingIndexingListener } from './ingestion/meeting-indexing.listener';
import { DenseLeg } from './retrieval/dense-leg';
import { DenseRepository } from './retrieval/dense.repository';
import { RetrievalRepository } from './retrieval/retrieval.repository';
import { RetrievalService } from './retrieval/retrieval.service';

/**
 * The knowledge base: documents, passages, indexing and embedding jobs, retrieval and chat, without routes (RagHttpModule
 * adds them), so the worker indexes without serving the api. See docs/rag.md.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([RagDocument, RagChunk, RagChunkEmbedding, ChatSession, ChatMessage]),
    TenantRepositoryModule.forFeature([
      { entity: RagDocument, resourceName: 'Document' },
      { entity: ChatSession, resourceName: 'Chat session' },
      { entity: ChatMessage, resourceName: 'Chat message' },
    ]),
    JobsModule.forFeature({ queues: [IngestionQueue, EmbeddingQueue] }),
    AiProvidersModule,
    AnalysisModule,
    MaskingModule,
    MeetingsModule,
  ],
  providers: [
    RagDocumentsRepository,
    RagChunksRepository,
    RagDocumentsService,
    IngestionProcessor,
    MeetingIndexingListener,
    MaskingReindexListener,
    RagEmbeddingsRepository,
    EmbeddingScheduler,
    EmbeddingProcessor,
    RetrievalRepository,
    DenseRepository,
    DenseLeg,
    RetrievalService,
    ChatRepository,
    ChatService,
  ],
  exports: [RagDocumentsService, RetrievalService, ChatService],
})
export class RagModule {}
