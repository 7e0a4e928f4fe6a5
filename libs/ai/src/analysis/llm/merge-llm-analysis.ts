import { dueDate } from '../../local/extraction/due-date';
import type { LocalAnalysis, SourceRef, SummarySentence, TranscriptSegmentInput } from '../../local/analysis.types';
import type { LlmExtraction, LlmSummary } from './llm-analysis.schema';

/**
 * Where a model's citations land: only ids that are in the transcript count, so an invented id cites
 * nothing, and an item left citing nothing is dropped rather than shown without its source.
 */
class Citations {
  private readonly byId = new Map<string, { index: number; segment: TranscriptSegmentInput }>();

  constructor(segments: readonly TranscriptSegmentInput[]) {
    segments.forEach((segment, index) => this.byId.set(segment.id, { index, segment }));
  }

  resolve(ids: readonly string[]): (SourceRef & { first: number; last: number }) | null {
    const found = [...new Set(ids)]
      .map((id) => this.byId.get(id))
      .filter((hit): hit is { index: number; segment: TranscriptSegmentInput } => hit !== undefined)
      .sort((a, b) => a.index - b.index);
    if (found.length === 0) return null;
    return {
      segmentIds: found.map((hit) => hit.segment.id),
      startMs: Math.min(...found.map((hit) => hit.segment.startMs)),
      endMs: Math.max(...found.map((hit) => hit.segment.endMs)),
      first: found[0].index,
      last: found[found.length - 1].index,
    };
  }

  speakerOf(ref: SourceRef): string | null {
    return this.byId.get(ref.segmentIds[0])?.segment.speaker ?? null;
  }
}

function present<T>(value: T | null): value is T {
  return value !== null;
}

/**
 * The analysis a model's answers make, on top of the offline one: the model's summary, outline,
 * keywords, decisions, action items and questions replace the offline ones (each only when the
 * model answered that part), while speaker statistics and sentiment, which are counts rather than
 * judgement, stay computed. Due dates are the meeting's words resolved by chrono-node against its date.
 */
export function mergeLlmAnalysis(
  offline: LocalAnalysis,
  segments: readonly TranscriptSegmentInput[],
  answers: { summary?: LlmSummary; extraction?: LlmExtraction },
  referenceDate: Date,
): LocalAnalysis {
  const citations = new Citations(segments);
  const result: LocalAnalysis = { ...offline };
  const { summary, extraction } = answers;
  if (summary) {
    const keyPoints: SummarySentence[] = summary.keyPoints
      .map((point) => {
        const ref = citations.resolve(point.segmentIds);
        return ref
          ? { text: point.text, speaker: citations.speakerOf(ref), segmentIds: ref.segmentIds, startMs: ref.startMs, endMs: ref.endMs }
          : null;
      })
      .filter(present);
    result.summary = { overview: summary.overview.trim(), sentences: keyPoints, keyPoints };
    const topics = summary.topics
      .map((topic) => {
        const ref = citations.resolve(topic.segmentIds);
        if (!ref) return null;
        const { first, last, ...source } = ref;
        return { title: topic.title, keywords: topic.keywords, firstSegment: first, lastSegment: last, ...source };
      })
      .filter(present)
      .sort((a, b) => a.firstSegment - b.firstSegment);
    if (topics.length > 0) result.topics = topics;
    result.keywords = summary.keywords.map((term, i) => ({ term, score: summary.keywords.length - i, occurrences: 0 }));
  }
  if (extraction) {
    result.decisions = extraction.decisions
      .map((decision) => {
        const ref = citations.resolve(decision.segmentIds);
        return ref ? { title: decision.title, agreedBy: decision.agreedBy, confidence: 1, ...source(ref) } : null;
      })
      .filter(present);
    result.actionItems = extraction.actionItems
      .map((item) => {
        const ref = citations.resolve(item.segmentIds);
        if (!ref) return null;
        const due = item.due ? dueDate(item.due, referenceDate) : null;
        return {
          title: item.title,
          assignee: item.assignee?.trim() || null,
          dueAt: due ? due.toISOString() : null,
          priority: item.priority,
          confidence: item.confidence,
          ...source(ref),
        };
      })
      .filter(present);
    result.questions = extraction.questions
      .map((question) => {
        const ref = citations.resolve(question.segmentIds);
        return ref
          ? { text: question.text, askedBy: question.askedBy ?? citations.speakerOf(ref), answered: question.answered, ...source(ref) }
          : null;
      })
      .filter(present);
  }
  return result;
}

function source(ref: SourceRef): SourceRef {
  return { segmentIds: ref.segmentIds, startMs: ref.startMs, endMs: ref.endMs };
}
