export * from './chunking/document-chunks';
export * from './chunking/transcript-chunks';
export * from './retrieval/chunks-schema';
export * from './retrieval/lexical-query';
