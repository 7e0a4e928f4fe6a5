export * from './local/analysis.types';
export { analyseTranscript, defaultSummaryWords } from './local/analyse-transcript';
export * from './providers';
