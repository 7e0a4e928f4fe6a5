import type { RemoteProviderSettings } from '@quorum/platform';
import { createReadStream } from 'node:fs';
import type OpenAI from 'openai' with { 'resolution-mode': 'import' };
import { probedFetch } from '../resilience/attempt-probe';
import type { AiProvider } from '../capabilities/ai-provider';
import type { ChatEvent, ChatRequest } from '../capabilities/chat.capability';
import type { EmbeddingsResult } from '../capabilities/embeddings.capability';
import type { TranscribedSegment, TranscriptionRequest, TranscriptionResult } from '../capabilities/transcription.capability';
import { lazyClient } from './lazy-client';
import { SDK_TIMEOUT_MS } from './sdk-timeout';

interface TranscriptionBody {
  text: string;
  language?: string;
  duration?: number;
  segments?: { start: number; end: number; text: string; speaker?: string }[];
  usage?: { type: 'tokens'; input_tokens: number; output_tokens: number } | { type: 'duration'; seconds: number };
}

/**
 * OpenAI, and anything speaking its API through OPENAI_BASE_URL (vLLM, LM Studio, whisper.cpp and
 * faster-whisper servers). The SDK's retries are off: retries, timeouts and the circuit are ours.
 */
export class OpenAiProvider implements AiProvider {
  readonly name = 'openai';
  private readonly client: () => Promise<OpenAI>;

  constructor(settings: RemoteProviderSettings) {
    const fetch = probedFetch();
    this.client = lazyClient(async () => {
      const { default: OpenAI } = await import('openai');
      // Compatible servers often need no key; the SDK insists on one.
      return new OpenAI({
        apiKey: settings.apiKey ?? 'not-needed',
        baseURL: settings.baseUrl,
        maxRetries: 0,
        timeout: SDK_TIMEOUT_MS,
        fetch,
      });
    });
  }

  readonly chat = {
    chat: (model: string, request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> => this.streamChat(model, request, signal),
  };

  readonly embeddings = {
    embed: async (model: string, texts: string[]): Promise<EmbeddingsResult> => {
      const response = await (await this.client()).embeddings.create({ model, input: texts, encoding_format: 'float' });
      const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
      return { vectors, model: response.model, dimension: vectors[0]?.length ?? 0, tokensIn: response.usage.prompt_tokens };
    },
  };

  readonly transcription = {
    transcribe: async (model: string, request: TranscriptionRequest): Promise<TranscriptionResult> => {
      const { audio } = request;
      const content = 'data' in audio ? audio.data : createReadStream(audio.path);
      const { toFile } = await import('openai');
      const file = await toFile(content, audio.filename, audio.mimeType ? { type: audio.mimeType } : undefined);
      const format = transcriptionFormat(model);
      const body = (await (
        await this.client()
      ).audio.transcriptions.create({
        file,
        model,
        response_format: format,
        ...(request.language ? { language: request.language } : {}),
        ...(format === 'verbose_json' ? { timestamp_granularities: ['segment'] } : {}),
      } as OpenAI.Audio.TranscriptionCreateParamsNonStreaming)) as unknown as TranscriptionBody;
      return toTranscriptionResult(body);
    },
  };

  private async *streamChat(model: string, request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      ...(request.system ? [{ role: 'system' as const, content: request.system }] : []),
      ...request.messages.map((message) => ({ role: message.role, content: message.content })),
    ];
    const stream = await (
      await this.client()
    ).chat.completions.create(
      {
        model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        ...(request.maxTokens ? { max_completion_tokens: request.maxTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
      },
      { signal },
    );
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta.content;
      if (text) yield { type: 'text', text };
      if (chunk.usage) yield { type: 'usage', tokensIn: chunk.usage.prompt_tokens, tokensOut: chunk.usage.completion_tokens };
    }
  }
}

/**
 * Segments come only with `verbose_json` (whisper-1 and the whisper servers) or, with speakers,
 * `diarized_json` (gpt-4o-transcribe-diarize); the other gpt-4o transcribers answer `json`, text only.
 */
function transcriptionFormat(model: string): 'verbose_json' | 'diarized_json' | 'json' {
  if (model.includes('diarize')) return 'diarized_json';
  if (/^gpt-4o/.test(model)) return 'json';
  return 'verbose_json';
}

function toTranscriptionResult(body: TranscriptionBody): TranscriptionResult {
  const segments: TranscribedSegment[] = (body.segments ?? []).map((segment) => ({
    start: segment.start,
    end: segment.end,
    text: segment.text.trim(),
    ...(segment.speaker ? { speaker: segment.speaker } : {}),
  }));
  // A text-only answer still becomes one segment, so callers always get segments.
  if (!segments.length && body.text.trim()) segments.push({ start: 0, end: body.duration ?? 0, text: body.text.trim() });
  const usage = body.usage;
  return {
    text: body.text,
    segments,
    language: body.language,
    durationSeconds: body.duration ?? (usage?.type === 'duration' ? usage.seconds : undefined),
    ...(usage?.type === 'tokens' ? { tokensIn: usage.input_tokens, tokensOut: usage.output_tokens } : {}),
  };
}
