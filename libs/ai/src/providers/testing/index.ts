export * from './protocol-server.testing';
export * from './openai-protocol-server.testing';
export * from './anthropic-protocol-server.testing';
export * from './gemini-protocol-server.testing';
export * from './ollama-protocol-server.testing';
export * from './fake-vectors.testing';
