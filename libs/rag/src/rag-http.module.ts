import { Module } from '@nestjs/common';
import { RealtimeModule } from '@quorum/realtime';
import { ChatSocketHandler } from './chat/chat-socket.handler';
import { ChatController } from './chat/chat.controller';
import { RagDocumentsController } from './documents/rag-documents.controller';
import { RagModule } from './rag.module';
import { RetrievalController } from './retrieval/retrieval.controller';

/**
 * The knowledge base's routes, over RagModule's services, and chat over Socket.IO (ChatSocketHandler registers
 * `chat.send` and `chat.cancel` on the /realtime gateway); the api imports this, the worker RagModule alone.
 * RealtimeModule is static, so importing it here shares the api's one instance of it (one gateway).
 */
@Module({
  imports: [RagModule, RealtimeModule],
  controllers: [RagDocumentsController, RetrievalController, ChatController],
  providers: [ChatSocketHandler],
})
export class RagHttpModule {}
