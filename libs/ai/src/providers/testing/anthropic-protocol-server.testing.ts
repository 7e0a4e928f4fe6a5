import { wordCount } from './fake-vectors.testing';
import { type ChatPrompt, type Exchange, ProtocolServer } from './protocol-server.testing';

type Content = string | { type: string; text?: string }[];
const textOf = (content: Content | undefined) =>
  content === undefined ? '' : typeof content === 'string' ? content : content.map((block) => block.text ?? '').join('');

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/**
 * Anthropic's Messages API: POST /v1/messages, answered as one message or, with `stream: true`, as the
 * SSE event sequence message_start → content_block_start → content_block_delta… → content_block_stop →
 * message_delta (with output usage) → message_stop.
 */
export class AnthropicProtocolServer extends ProtocolServer {
  /** The base URL to give the SDK (ANTHROPIC_BASE_URL). */
  get baseUrl(): string {
    return this.origin;
  }

  protected errorBody(status: number, message: string): unknown {
    return { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } };
  }

  protected async route(exchange: Exchange): Promise<boolean> {
    if (exchange.req.method !== 'POST' || exchange.url.pathname !== '/v1/messages') return false;
    const body = exchange.body as { model: string; system?: Content; messages: { role: string; content: Content }[]; stream?: boolean };
    const prompt: ChatPrompt = {
      model: body.model,
      system: textOf(body.system),
      messages: body.messages.map((m) => ({ role: m.role, content: textOf(m.content) })),
      body: exchange.body,
    };
    const text = this.responder(prompt);
    const inputTokens = wordCount([prompt.system, ...prompt.messages.map((m) => m.content)].join(' '));
    const outputTokens = wordCount(text);
    const message = { id: 'msg_test', type: 'message', role: 'assistant', model: body.model, stop_sequence: null };
    if (!body.stream) {
      await this.answer(exchange, {
        ...message,
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
      });
      return true;
    }
    const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const frames = [
      event('message_start', {
        message: { ...message, content: [], stop_reason: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
      }),
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      ...this.splitter(text).map((piece) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } })),
      event('content_block_stop', { index: 0 }),
      event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: outputTokens } }),
      event('message_stop', {}),
    ];
    await this.stream(exchange, 'text/event-stream', frames, 'event: content_block_delta\ndata: {"type": broken\n\n');
    return true;
  }
}
