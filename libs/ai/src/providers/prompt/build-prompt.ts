import type { ChatRequest } from '../capabilities/chat.capability';
import { systemPrompt } from './system-prompt';
import { untrustedBlock } from './untrusted-data';

export interface PromptInput {
  /** What to do; ours, trusted. */
  instructions: string;
  /** The untrusted material, each piece delimited under its label. */
  data: { label: string; text: string }[];
  /** A closing request after the data, e.g. "Summarise the transcript above."; ours, trusted. */
  request?: string;
}

/** The one way untrusted text enters a prompt: instructions in the system prompt, data delimited in the user turn. */
export function buildPrompt(input: PromptInput): Pick<ChatRequest, 'system' | 'messages'> {
  const blocks = input.data.map((item) => untrustedBlock(item.label, item.text));
  const content = [...blocks, ...(input.request ? [input.request] : [])].join('\n\n');
  return { system: systemPrompt(input.instructions), messages: [{ role: 'user', content }] };
}
