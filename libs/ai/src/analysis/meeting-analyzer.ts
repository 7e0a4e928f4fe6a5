import { Injectable, Logger } from '@nestjs/common';
import { type AiTask, AppConfig, type ProviderRef } from '@quorum/platform';
import { analyseTranscript } from '../local/analyse-transcript';
import type { LocalAnalysis, LocalAnalysisInput } from '../local/analysis.types';
import { type AiCaller, AiService, type ExtractionAnswer } from '../providers/ai.service';
import { AiUnavailableError } from '../providers/ai-unavailable.error';
import { LOCAL_ANALYSIS_MODEL } from '../providers/offline-models';
import { EXTRACTION_INSTRUCTIONS, llmExtractionSchema, llmSummarySchema, SUMMARY_INSTRUCTIONS } from './llm/llm-analysis.schema';
import { mergeLlmAnalysis } from './llm/merge-llm-analysis';
import { transcriptForPrompt } from './llm/transcript-prompt';

/** Who made one part of an analysis. */
export interface AnalysisPart {
  provider: string;
  model: string;
  /** Why a remote provider did not make it, when one was configured and `local` did. */
  fallbackReason?: string;
}

export interface AnalyzerOutcome {
  result: LocalAnalysis;
  /** The provider and model of the narrative parts (the summary's maker, else the extraction's). */
  provider: string;
  model: string;
  parts: { summary: AnalysisPart; extraction: AnalysisPart };
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

const LOCAL_PART: AnalysisPart = { provider: 'local', model: LOCAL_ANALYSIS_MODEL };

/**
 * Turns a transcript into an analysis. The offline analysis always runs (well under a second for a
 * two-hour meeting) and gives speaker statistics and sentiment; when the summary or extraction task
 * has a remote provider, its answers replace the offline summary, outline, decisions, action items
 * and questions. A provider that fails, is over budget or has its circuit open leaves that part to
 * `local`, and the outcome says why, so an analysis is always produced.
 */
@Injectable()
export class MeetingAnalyzer {
  private readonly logger = new Logger('Analysis');

  constructor(
    private readonly ai: AiService,
    private readonly config: AppConfig,
  ) {}

  async analyse(input: LocalAnalysisInput, options: { providers?: readonly ProviderRef[]; caller: AiCaller }): Promise<AnalyzerOutcome> {
    const offline = analyseTranscript(input);
    const referenceDate = input.referenceDate ?? new Date(0);
    const remote = (task: AiTask) => (options.providers ?? this.config.ai.chains[task]).some((ref) => ref.provider !== 'local');
    const outcome: AnalyzerOutcome = {
      result: offline,
      provider: 'local',
      model: LOCAL_ANALYSIS_MODEL,
      parts: { summary: LOCAL_PART, extraction: LOCAL_PART },
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
    };
    if (!remote('summary') && !remote('extraction')) return outcome;

    const transcript = transcriptForPrompt(input.segments);
    if (transcript === null) {
      const part = { ...LOCAL_PART, fallbackReason: 'transcript-too-long' };
      return { ...outcome, parts: { summary: part, extraction: part } };
    }
    const data = [
      ...(input.title ? [{ label: 'meeting_title', text: input.title }] : []),
      ...(input.participants?.length ? [{ label: 'participants', text: input.participants.join('\n') }] : []),
      { label: 'transcript', text: transcript },
    ];
    const [summary, extraction] = await Promise.all([
      remote('summary')
        ? this.call(() =>
            this.ai.extract(
              'summary',
              { instructions: SUMMARY_INSTRUCTIONS, data, schema: llmSummarySchema, providers: options.providers, maxTokens: 4000 },
              options.caller,
            ),
          )
        : undefined,
      remote('extraction')
        ? this.call(() =>
            this.ai.extract(
              'extraction',
              { instructions: EXTRACTION_INSTRUCTIONS, data, schema: llmExtractionSchema, providers: options.providers, maxTokens: 4000 },
              options.caller,
            ),
          )
        : undefined,
    ]);
    const answered = <T>(answer: ExtractionAnswer<T> | AiUnavailableError | undefined): answer is ExtractionAnswer<T> =>
      answer !== undefined && !(answer instanceof AiUnavailableError);
    const partOf = <T>(answer: ExtractionAnswer<T> | AiUnavailableError | undefined): AnalysisPart =>
      answered(answer)
        ? { provider: answer.provider, model: answer.model }
        : answer
          ? { ...LOCAL_PART, fallbackReason: answer.reason }
          : LOCAL_PART;
    const parts = { summary: partOf(summary), extraction: partOf(extraction) };
    const made = answered(summary) ? parts.summary : parts.extraction;
    const calls: { tokensIn: number; tokensOut: number; costUsd: number }[] = [
      ...(answered(summary) ? [summary] : []),
      ...(answered(extraction) ? [extraction] : []),
    ];
    return {
      result: mergeLlmAnalysis(
        offline,
        input.segments,
        { summary: answered(summary) ? summary.data : undefined, extraction: answered(extraction) ? extraction.data : undefined },
        referenceDate,
      ),
      provider: made.provider,
      model: made.model,
      parts,
      tokensIn: calls.reduce((sum, call) => sum + call.tokensIn, 0),
      tokensOut: calls.reduce((sum, call) => sum + call.tokensOut, 0),
      costUsd: calls.reduce((sum, call) => sum + call.costUsd, 0),
    };
  }

  /** A chain that ends without an answer is not a failed analysis: `local` makes that part. */
  private async call<T>(run: () => Promise<ExtractionAnswer<T>>): Promise<ExtractionAnswer<T> | AiUnavailableError> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof AiUnavailableError)) throw error;
      this.logger.warn({ task: error.task, reason: error.reason }, 'no provider answered; the offline analysis makes this part');
      return error;
    }
  }
}
