import { wordCount } from './fake-vectors.testing';
import { type ChatPrompt, type Exchange, ProtocolServer } from './protocol-server.testing';

type OpenAiMessage = { role: string; content: string | { type: string; text?: string }[] };

const textOf = (content: OpenAiMessage['content']) =>
  typeof content === 'string' ? content : content.map((part) => part.text ?? '').join('');

/**
 * OpenAI's REST API as the SDK speaks it, under /v1: chat completions (JSON, or SSE chunks ending in
 * `data: [DONE]`, with a usage chunk when `stream_options.include_usage`), embeddings, and audio
 * transcriptions (multipart upload; `verbose_json` with segments, `diarized_json` with speakers, or `json`).
 * `reportUsage = false` answers as some compatible servers do, without token counts.
 */
export class OpenAiProtocolServer extends ProtocolServer {
  reportUsage = true;
  /** What the transcription endpoint says was in the audio. */
  transcript = [
    { start: 0, end: 2.5, text: 'Welcome everyone to the planning meeting.', speaker: 'A' },
    { start: 2.5, end: 5.1, text: 'Thanks, let us start with the budget.', speaker: 'B' },
  ];

  /** The base URL to give the SDK (OPENAI_BASE_URL). */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  protected errorBody(status: number, message: string): unknown {
    return { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null } };
  }

  protected async route(exchange: Exchange): Promise<boolean> {
    const { req, url } = exchange;
    if (req.method !== 'POST') return false;
    switch (url.pathname) {
      case '/v1/chat/completions':
        await this.chat(exchange);
        return true;
      case '/v1/embeddings':
        await this.embeddings(exchange);
        return true;
      case '/v1/audio/transcriptions':
        await this.transcriptions(exchange);
        return true;
      default:
        return false;
    }
  }

  private async chat(exchange: Exchange): Promise<void> {
    const body = exchange.body as {
      model: string;
      messages: OpenAiMessage[];
      stream?: boolean;
      stream_options?: { include_usage?: boolean };
    };
    const messages = body.messages.map((m) => ({ role: m.role, content: textOf(m.content) }));
    const prompt: ChatPrompt = {
      model: body.model,
      system: messages
        .filter((m) => m.role === 'system' || m.role === 'developer')
        .map((m) => m.content)
        .join('\n'),
      messages: messages.filter((m) => m.role !== 'system' && m.role !== 'developer'),
      body: exchange.body,
    };
    const text = this.responder(prompt);
    const usage = {
      prompt_tokens: wordCount(messages.map((m) => m.content).join(' ')),
      completion_tokens: wordCount(text),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const base = { id: 'chatcmpl-test', created: Math.floor(Date.now() / 1000), model: body.model };
    if (!body.stream) {
      await this.answer(exchange, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
        ...(this.reportUsage ? { usage } : {}),
      });
      return;
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`;
    const frames = [
      chunk({ role: 'assistant', content: '' }, null),
      ...this.splitter(text).map((piece) => chunk({ content: piece }, null)),
      chunk({}, 'stop'),
      ...(this.reportUsage && body.stream_options?.include_usage
        ? [`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`]
        : []),
      'data: [DONE]\n\n',
    ];
    await this.stream(exchange, 'text/event-stream', frames, 'data: {"choices": [ broken\n\n');
  }

  private async embeddings(exchange: Exchange): Promise<void> {
    const body = exchange.body as { model: string; input: string | string[] };
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const tokens = wordCount(inputs.join(' '));
    await this.answer(exchange, {
      object: 'list',
      data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: this.embedder(input, body.model) })),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  private async transcriptions(exchange: Exchange): Promise<void> {
    const body = exchange.body as { model: string; response_format?: string; file?: { size: number } };
    if (!body.file?.size) {
      this.json(exchange.res, 400, this.errorBody(400, 'file is required'));
      return;
    }
    const text = this.transcript.map((segment) => segment.text).join(' ');
    const duration = this.transcript.at(-1)?.end ?? 0;
    switch (body.response_format) {
      case 'diarized_json':
        await this.answer(exchange, {
          task: 'transcribe',
          duration,
          text,
          segments: this.transcript.map((segment, i) => ({ id: `seg_${i}`, type: 'transcript.text.segment', ...segment })),
          usage: { type: 'tokens', input_tokens: 50, output_tokens: wordCount(text), total_tokens: 50 + wordCount(text) },
        });
        return;
      case 'verbose_json':
        await this.answer(exchange, {
          task: 'transcribe',
          language: 'english',
          duration,
          text,
          segments: this.transcript.map(({ start, end, text: segmentText }, id) => ({
            id,
            seek: 0,
            start,
            end,
            text: ` ${segmentText}`,
            tokens: [],
            temperature: 0,
            avg_logprob: -0.2,
            compression_ratio: 1.2,
            no_speech_prob: 0.01,
          })),
          usage: { type: 'duration', seconds: Math.ceil(duration) },
        });
        return;
      default:
        await this.answer(exchange, {
          text,
          usage: { type: 'tokens', input_tokens: 50, output_tokens: wordCount(text), total_tokens: 50 + wordCount(text) },
        });
    }
  }
}
