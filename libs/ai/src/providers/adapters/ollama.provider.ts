import type { RemoteProviderSettings } from '@quorum/platform';
import type { Ollama } from 'ollama' with { 'resolution-mode': 'import' };
import { probedFetch } from '../resilience/attempt-probe';
import type { AiProvider } from '../capabilities/ai-provider';
import type { ChatEvent, ChatRequest } from '../capabilities/chat.capability';
import type { EmbeddingsResult } from '../capabilities/embeddings.capability';
import { lazyClient } from './lazy-client';

/** A local (or self-hosted) Ollama server: /api/chat streamed as NDJSON, and /api/embed. */
export class OllamaProvider implements AiProvider {
  readonly name = 'ollama';
  private readonly client: () => Promise<Ollama>;

  constructor(settings: RemoteProviderSettings) {
    const fetch = probedFetch();
    this.client = lazyClient(async () => {
      const { Ollama } = await import('ollama');
      return new Ollama({ host: settings.baseUrl!.replace(/\/$/, ''), fetch });
    });
  }

  readonly chat = {
    chat: (model: string, request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> => this.streamChat(model, request, signal),
  };

  readonly embeddings = {
    embed: async (model: string, texts: string[]): Promise<EmbeddingsResult> => {
      const response = await (await this.client()).embed({ model, input: texts });
      const vectors = response.embeddings;
      if (vectors.length !== texts.length) throw new Error(`ollama returned ${vectors.length} embeddings for ${texts.length} texts`);
      return { vectors, model: response.model, dimension: vectors[0]?.length ?? 0, tokensIn: response.prompt_eval_count };
    },
  };

  private async *streamChat(model: string, request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    const stream = await (
      await this.client()
    ).chat({
      model,
      messages: [
        ...(request.system ? [{ role: 'system', content: request.system }] : []),
        ...request.messages.map((message) => ({ role: message.role, content: message.content })),
      ],
      stream: true,
      ...(request.json ? { format: 'json' } : {}),
      options: {
        ...(request.maxTokens ? { num_predict: request.maxTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      },
    });
    // The client takes no signal per request; its stream has abort() (abort() on the client would end every stream).
    const abort = () => stream.abort();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      if (signal?.aborted) stream.abort();
      for await (const part of stream) {
        if (part.message.content) yield { type: 'text', text: part.message.content };
        if (part.done) yield { type: 'usage', tokensIn: part.prompt_eval_count, tokensOut: part.eval_count };
      }
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }
}
