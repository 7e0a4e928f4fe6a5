import { Module } from '@nestjs/common';
import { ChatController } from './chat/chat.controller';
import { RagDocumentsController } from './documents/rag-documents.controller';
import { RagModule } from './rag.module';
import { RetrievalController } from './retrieval/retrieval.controller';

/** The knowledge base's routes, over RagModule's services; the api imports this, the worker RagModule alone. */
@Module({ imports: [RagModule], controllers: [RagDocumentsController, RetrievalController, ChatController] })
export class RagHttpModule {}
