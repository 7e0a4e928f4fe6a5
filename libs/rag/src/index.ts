export * from './chunking/document-chunks';
export * from './chunking/transcript-chunks';
export * from './retrieval/chunks-schema';
export * from './retrieval/lexical-query';
export * from './rag.module';
export * from './rag-http.module';
export { RetrievalService } from './retrieval/retrieval.service';
export { RagDocumentsService } from './documents/rag-documents.service';
