import { wordCount } from './fake-vectors.testing';
import { type ChatPrompt, type Exchange, ProtocolServer } from './protocol-server.testing';

type Parts = { parts?: { text?: string }[]; role?: string };
const textOf = (content: Parts | undefined) => (content?.parts ?? []).map((part) => part.text ?? '').join('');

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/**
 * The Gemini API (generativelanguage, v1beta) as @google/genai calls it: models/{model}:generateContent,
 * :streamGenerateContent?alt=sse (each SSE event a partial GenerateContentResponse with running usage),
 * :embedContent and :batchEmbedContents.
 */
export class GeminiProtocolServer extends ProtocolServer {
  /** The base URL to give the SDK (GEMINI_BASE_URL). */
  get baseUrl(): string {
    return this.origin;
  }

  protected errorBody(status: number, message: string): unknown {
    return { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN' } };
  }

  protected async route(exchange: Exchange): Promise<boolean> {
    const match = /^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/.exec(
      exchange.url.pathname,
    );
    if (exchange.req.method !== 'POST' || !match) return false;
    const [, model, method] = match;
    if (method === 'embedContent' || method === 'batchEmbedContents') {
      const body = exchange.body as { requests?: { content: Parts }[]; content?: Parts };
      const texts = body.requests ? body.requests.map((request) => textOf(request.content)) : [textOf(body.content)];
      await this.answer(
        exchange,
        method === 'embedContent'
          ? { embedding: { values: this.embedder(texts[0], model) } }
          : { embeddings: texts.map((text) => ({ values: this.embedder(text, model) })) },
      );
      return true;
    }
    const body = exchange.body as { contents: Parts[]; systemInstruction?: Parts };
    const prompt: ChatPrompt = {
      model,
      system: textOf(body.systemInstruction),
      messages: body.contents.map((content) => ({ role: content.role ?? 'user', content: textOf(content) })),
      body: exchange.body,
    };
    const text = this.responder(prompt);
    const promptTokenCount = wordCount([prompt.system, ...prompt.messages.map((m) => m.content)].join(' '));
    const response = (chunk: string, done: boolean, candidatesTokenCount: number) => ({
      candidates: [{ content: { role: 'model', parts: [{ text: chunk }] }, index: 0, ...(done ? { finishReason: 'STOP' } : {}) }],
      usageMetadata: { promptTokenCount, candidatesTokenCount, totalTokenCount: promptTokenCount + candidatesTokenCount },
      modelVersion: model,
    });
    if (method === 'generateContent') {
      await this.answer(exchange, response(text, true, wordCount(text)));
      return true;
    }
    const parts = this.splitter(text);
    let sent = '';
    const frames = parts.map((piece, i) => {
      sent += piece;
      return `data: ${JSON.stringify(response(piece, i === parts.length - 1, wordCount(sent)))}\r\n\r\n`;
    });
    await this.stream(exchange, 'text/event-stream', frames, 'data: {"candidates": [ broken\r\n\r\n');
    return true;
  }
}
