import type { GoogleGenAI } from '@google/genai' with { 'resolution-mode': 'import' };
import type { RemoteProviderSettings } from '@quorum/platform';
import { probedFetch } from '../resilience/attempt-probe';
import type { AiProvider } from '../capabilities/ai-provider';
import type { ChatEvent, ChatRequest } from '../capabilities/chat.capability';
import type { EmbeddingsResult } from '../capabilities/embeddings.capability';
import { lazyClient } from './lazy-client';
import { SDK_TIMEOUT_MS } from './sdk-timeout';

/**
 * Google Gemini through the Gemini API (not Vertex): generateContent streamed over SSE, and
 * batchEmbedContents. No retryOptions are given, so the SDK makes one attempt; ours do the rest.
 */
export class GeminiProvider implements AiProvider {
  readonly name = 'gemini';
  private readonly client: () => Promise<GoogleGenAI>;

  constructor(settings: RemoteProviderSettings) {
    const fetch = probedFetch();
    this.client = lazyClient(async () => {
      const { GoogleGenAI } = await import('@google/genai');
      return new GoogleGenAI({
        apiKey: settings.apiKey,
        httpOptions: { ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}), timeout: SDK_TIMEOUT_MS, fetch },
      });
    });
  }

  readonly chat = {
    chat: (model: string, request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> => this.streamChat(model, request, signal),
  };

  readonly embeddings = {
    embed: async (model: string, texts: string[]): Promise<EmbeddingsResult> => {
      const response = await (await this.client()).models.embedContent({ model, contents: texts });
      const vectors = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
      if (vectors.length !== texts.length) throw new Error(`gemini returned ${vectors.length} embeddings for ${texts.length} texts`);
      return { vectors, model, dimension: vectors[0]?.length ?? 0 };
    },
  };

  private async *streamChat(model: string, request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    const stream = await (
      await this.client()
    ).models.generateContentStream({
      model,
      contents: request.messages.map((message) => ({
        role: message.role === 'assistant' ? 'model' : 'user',
        parts: [{ text: message.content }],
      })),
      config: {
        ...(request.system ? { systemInstruction: request.system } : {}),
        ...(request.maxTokens ? { maxOutputTokens: request.maxTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.json ? { responseMimeType: 'application/json' } : {}),
        ...(signal ? { abortSignal: signal } : {}),
      },
    });
    let usage: { tokensIn?: number; tokensOut?: number } | undefined;
    for await (const chunk of stream) {
      const text = chunk.text;
      if (text) yield { type: 'text', text };
      // Each chunk repeats the running totals; the last one holds the final counts.
      if (chunk.usageMetadata)
        usage = { tokensIn: chunk.usageMetadata.promptTokenCount, tokensOut: chunk.usageMetadata.candidatesTokenCount };
    }
    if (usage) yield { type: 'usage', ...usage };
  }
}
