export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  /** Instructions; never holds untrusted text (see prompt/untrusted-data.ts). */
  system?: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  /** Ask for a JSON object (providers that have a JSON mode use it; the answer is validated either way). */
  json?: boolean;
}

/** A stream's pieces: text as it comes, and token counts when the provider reports them (often only at the end). */
export type ChatEvent = { type: 'text'; text: string } | { type: 'usage'; tokensIn?: number; tokensOut?: number };

/**
 * Chat completion, always streamed; a whole answer is the stream collected. `signal` (the attempt's:
 * its deadline and the caller's cancel) goes to the SDK call, so an abort ends the HTTP exchange.
 */
export interface ChatCapability {
  chat(model: string, request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent>;
}
