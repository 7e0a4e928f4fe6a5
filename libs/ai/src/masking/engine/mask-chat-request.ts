import type { ChatRequest } from '../../providers/capabilities/chat.capability';
import type { MaskingSession } from './masking-session';

/**
 * The request as a remote provider may see it: every message masked. The system prompt is left alone: it holds
 * only our instructions, never untrusted text (providers/prompt/untrusted-data.ts), and masking it would
 * mangle the JSON Schema that structured output puts there.
 */
export function maskChatRequest(session: MaskingSession, request: ChatRequest): ChatRequest {
  return { ...request, messages: request.messages.map((message) => ({ ...message, content: session.mask(message.content).text })) };
}
