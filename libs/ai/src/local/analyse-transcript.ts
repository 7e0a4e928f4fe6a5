import type { LocalAnalysis, LocalAnalysisInput, LocalAnalysisOptions, Topic } from './analysis.types';
import { extractActionItems } from './extraction/extract-action-items';
import { extractDecisions } from './extraction/extract-decisions';
import { extractQuestions } from './extraction/extract-questions';
import { rakeKeywords } from './keywords/rake-keywords';
import { lexiconSentiment } from './sentiment/lexicon-sentiment';
import { speakerStatistics } from './speakers/speaker-statistics';
import { extractiveSummary } from './summary/extractive-summary';
import { splitTranscript } from './text/sentences';
import { SurfaceForms } from './text/tokens';
import { segmentTopics } from './topics/segment-topics';
import { topicKeywords, topicTitle } from './topics/topic-keywords';

const MAX_ITEMS_PER_KIND = 10;

/** The default summary budget: 2 % of what was said, at least 60 and at most 250 words. */
export function defaultSummaryWords(totalWords: number): number {
  return Math.round(Math.min(250, Math.max(60, totalWords * 0.02)));
}

/**
 * The offline analysis of one transcript: pure, deterministic (the same input gives the same output, byte for byte),
 * no I/O, and roughly O(n log n) in the transcript's length. Every item cites the segments it came from.
 */
export function analyseTranscript(input: LocalAnalysisInput, options: LocalAnalysisOptions = {}): LocalAnalysis {
  const segments = splitTranscript(Array.isArray(input.segments) ? input.segments : []);
  const sentences = segments.flatMap((s) => s.sentences);
  const referenceDate = input.referenceDate && !Number.isNaN(input.referenceDate.getTime()) ? input.referenceDate : new Date(0);
  const speakers = [...new Set(segments.map((s) => s.source.speaker).filter((s): s is string => typeof s === 'string' && s !== ''))];
  const participants = [...new Set([...(input.participants ?? []), ...speakers])];
  const limit = Math.max(1, Math.min(MAX_ITEMS_PER_KIND, Math.floor(options.maxItemsPerKind ?? MAX_ITEMS_PER_KIND)));

  const forms = new SurfaceForms();
  for (const sentence of sentences) forms.add(sentence.text);
  const ranges = segmentTopics(segments);
  const termsByTopic = ranges.map((r) => segments.slice(r.first, r.last + 1).flatMap((s) => s.sentences.flatMap((x) => x.terms)));
  const keywordsByTopic = topicKeywords(termsByTopic, forms);
  const topics: Topic[] = ranges.map((range, i) => {
    const inRange = segments.slice(range.first, range.last + 1);
    return {
      title: topicTitle(keywordsByTopic[i]),
      keywords: keywordsByTopic[i],
      firstSegment: range.first,
      lastSegment: range.last,
      segmentIds: inRange.map((s) => s.source.id),
      startMs: inRange[0].source.startMs,
      endMs: inRange.reduce((end, s) => (Number.isFinite(s.source.endMs) ? Math.max(end, s.source.endMs) : end), inRange[0].source.startMs),
    };
  });

  const totalWords = sentences.reduce((sum, s) => sum + s.words.length, 0);
  const sentenceRanges = ranges
    .map((r) => {
      const inRange = segments.slice(r.first, r.last + 1).flatMap((s) => s.sentences);
      return inRange.length ? { first: inRange[0].index, last: inRange[inRange.length - 1].index } : null;
    })
    .filter((r): r is { first: number; last: number } => r !== null);

  return {
    summary: extractiveSummary(sentences, {
      maxWords: options.summaryMaxWords ?? defaultSummaryWords(totalWords),
      topicRanges: sentenceRanges,
    }),
    topics,
    decisions: extractDecisions(
      segments,
      limit,
      topics.slice(0, -1).map((t) => t.endMs),
    ),
    actionItems: extractActionItems(segments, { referenceDate, participants, limit }),
    questions: extractQuestions(segments),
    keywords: rakeKeywords(sentences),
    speakers: speakerStatistics(segments),
    sentiment: lexiconSentiment(sentences),
  };
}
