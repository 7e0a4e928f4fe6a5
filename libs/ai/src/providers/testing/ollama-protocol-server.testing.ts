import { wordCount } from './fake-vectors.testing';
import { type ChatPrompt, type Exchange, ProtocolServer } from './protocol-server.testing';

/**
 * Ollama's HTTP API: POST /api/chat (one JSON object, or with `stream` newline-delimited JSON objects,
 * the last with `done: true` and the eval counts) and POST /api/embed.
 */
export class OllamaProtocolServer extends ProtocolServer {
  /** The base URL to give the client (OLLAMA_BASE_URL). */
  get baseUrl(): string {
    return this.origin;
  }

  protected errorBody(_status: number, message: string): unknown {
    return { error: message };
  }

  protected async route(exchange: Exchange): Promise<boolean> {
    if (exchange.req.method !== 'POST') return false;
    if (exchange.url.pathname === '/api/embed') {
      const body = exchange.body as { model: string; input: string | string[] };
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      await this.answer(exchange, {
        model: body.model,
        embeddings: inputs.map((input) => this.embedder(input, body.model)),
        total_duration: 1_000_000,
        load_duration: 1000,
        prompt_eval_count: wordCount(inputs.join(' ')),
      });
      return true;
    }
    if (exchange.url.pathname !== '/api/chat') return false;
    const body = exchange.body as { model: string; messages: { role: string; content: string }[]; stream?: boolean };
    const prompt: ChatPrompt = {
      model: body.model,
      system: body.messages
        .filter((m) => m.role === 'system')
        .map((m) => m.content)
        .join('\n'),
      messages: body.messages.filter((m) => m.role !== 'system'),
      body: exchange.body,
    };
    const text = this.responder(prompt);
    const createdAt = new Date().toISOString();
    const final = {
      model: body.model,
      created_at: createdAt,
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      total_duration: 5_000_000,
      load_duration: 1000,
      prompt_eval_count: wordCount(body.messages.map((m) => m.content).join(' ')),
      prompt_eval_duration: 1000,
      eval_count: wordCount(text),
      eval_duration: 1000,
    };
    if (body.stream === false) {
      await this.answer(exchange, { ...final, message: { role: 'assistant', content: text } });
      return true;
    }
    const frames = [
      ...this.splitter(text).map(
        (piece) =>
          `${JSON.stringify({ model: body.model, created_at: createdAt, message: { role: 'assistant', content: piece }, done: false })}\n`,
      ),
      `${JSON.stringify(final)}\n`,
    ];
    await this.stream(exchange, 'application/x-ndjson', frames, '{"message": broken\n');
    return true;
  }
}
