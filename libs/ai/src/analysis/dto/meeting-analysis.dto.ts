import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANALYSIS_KINDS, type AnalysisKind, type MeetingAnalysis } from '../entities/meeting-analysis.entity';
import {
  AnalysedActionItemDto,
  DecisionDto,
  KeywordDto,
  QuestionDto,
  SentimentDto,
  SpeakerStatsDto,
  SummaryDto,
  TopicDto,
} from './analysis-result.dto';

class AnalysisPartDto {
  @ApiProperty({ example: 'anthropic' })
  provider: string;

  @ApiProperty({ example: 'claude-haiku-4-5' })
  model: string;

  @ApiPropertyOptional({
    description: 'Why a configured remote provider did not make this part (then `local` did)',
    example: 'providers-failed',
  })
  fallbackReason?: string;
}

class AnalysisPartsDto {
  @ApiProperty({ type: AnalysisPartDto, description: 'Who made the summary, outline and keywords' })
  summary: AnalysisPartDto;

  @ApiProperty({ type: AnalysisPartDto, description: 'Who made the decisions, action items and questions' })
  extraction: AnalysisPartDto;
}

/** A meeting's analysis: what it found, citing transcript segments, and how it was made. */
export class MeetingAnalysisDto {
  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty({ enum: ANALYSIS_KINDS, description: '`final`, or `rolling` for the running analysis of a live meeting' })
  kind: AnalysisKind;

  @ApiProperty({ description: "The transcript revision analysed; compare with the meeting's to see whether it changed since" })
  transcriptRevision: number;

  @ApiProperty()
  segmentCount: number;

  @ApiProperty({ example: 'local', description: 'The provider of the summary (else of the extraction)' })
  provider: string;

  @ApiProperty({ example: 'quorum-local-v1' })
  model: string;

  @ApiProperty({ type: AnalysisPartsDto })
  parts: AnalysisPartsDto;

  @ApiProperty()
  tokensIn: number;

  @ApiProperty()
  tokensOut: number;

  @ApiProperty({ description: 'USD, from the configured price table' })
  costUsd: number;

  @ApiProperty({ description: 'How long the analysis took, in milliseconds' })
  durationMs: number;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ type: SummaryDto })
  summary: SummaryDto;

  @ApiProperty({ type: [DecisionDto] })
  decisions: DecisionDto[];

  @ApiProperty({
    type: [AnalysedActionItemDto],
    description: 'As found; the action items created from them are at /action-items?meetingId=',
  })
  actionItems: AnalysedActionItemDto[];

  @ApiProperty({ type: [TopicDto] })
  topics: TopicDto[];

  @ApiProperty({ type: [QuestionDto] })
  questions: QuestionDto[];

  @ApiProperty({ type: [KeywordDto] })
  keywords: KeywordDto[];

  @ApiProperty({ type: [SpeakerStatsDto] })
  speakers: SpeakerStatsDto[];

  @ApiProperty({ type: SentimentDto })
  sentiment: SentimentDto;

  static from(row: MeetingAnalysis): MeetingAnalysisDto {
    return {
      meetingId: row.meetingId,
      kind: row.kind,
      transcriptRevision: row.transcriptRevision,
      segmentCount: row.segmentCount,
      provider: row.provider,
      model: row.model,
      parts: row.parts,
      tokensIn: row.tokensIn,
      tokensOut: row.tokensOut,
      costUsd: row.costUsd,
      durationMs: row.durationMs,
      createdAt: row.createdAt,
      ...row.result,
    };
  }
}
