export * from './ai-providers.module';
export * from './ai.service';
export * from './ai-unavailable.error';
export type { AiCallInfo } from './chain-walk';
export type { ChatMessage, ChatRequest } from './capabilities/chat.capability';
export type { AudioInput, TranscribedSegment, TranscriptionRequest } from './capabilities/transcription.capability';
export * from './prompt/build-prompt';
export * from './prompt/untrusted-data';
export * from './prompt/system-prompt';
