import type Anthropic from '@anthropic-ai/sdk' with { 'resolution-mode': 'import' };
import type { RemoteProviderSettings } from '@quorum/platform';
import { probedFetch } from '../resilience/attempt-probe';
import type { AiProvider } from '../capabilities/ai-provider';
import type { ChatEvent, ChatRequest } from '../capabilities/chat.capability';
import { lazyClient } from './lazy-client';
import { SDK_TIMEOUT_MS } from './sdk-timeout';

/** Anthropic's Messages API requires a cap on the answer; this one is ample for summaries and extractions. */
const DEFAULT_MAX_TOKENS = 4096;

/** Anthropic (Claude) through its Messages API, streamed. It has no embeddings and no transcription. */
export class AnthropicProvider implements AiProvider {
  readonly name = 'anthropic';
  private readonly client: () => Promise<Anthropic>;

  constructor(settings: RemoteProviderSettings) {
    const fetch = probedFetch();
    this.client = lazyClient(async () => {
      const { default: Anthropic } = await import('@anthropic-ai/sdk');
      return new Anthropic({ apiKey: settings.apiKey, baseURL: settings.baseUrl, maxRetries: 0, timeout: SDK_TIMEOUT_MS, fetch });
    });
  }

  readonly chat = {
    chat: (model: string, request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> => this.streamChat(model, request, signal),
  };

  private async *streamChat(model: string, request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    const stream = await (
      await this.client()
    ).messages.create(
      {
        model,
        max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
        ...(request.system ? { system: request.system } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
        stream: true,
      },
      { signal },
    );
    for await (const event of stream) {
      switch (event.type) {
        case 'message_start':
          yield { type: 'usage', tokensIn: event.message.usage.input_tokens };
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta' && event.delta.text) yield { type: 'text', text: event.delta.text };
          break;
        case 'message_delta':
          yield { type: 'usage', tokensOut: event.usage.output_tokens };
          break;
        default:
          break;
      }
    }
  }
}
