export * from './local/analysis.types';
export { analyseTranscript, defaultSummaryWords } from './local/analyse-transcript';
export * from './providers';
export * from './analysis';
export { TranscriptionModule } from './transcription/transcription.module';
export * from './ai-http.module';
