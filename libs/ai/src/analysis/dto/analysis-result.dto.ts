import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The OpenAPI shapes of an analysis's parts (libs/ai/src/local/analysis.types.ts is the type the code uses). */
class SourceRefDto {
  @ApiProperty({ type: [String], description: 'The transcript segments (their segmentId) the item comes from', example: ['seg-0012'] })
  segmentIds: string[];

  @ApiProperty({ example: 61_200 })
  startMs: number;

  @ApiProperty({ example: 75_900 })
  endMs: number;
}

export class SummarySentenceDto extends SourceRefDto {
  @ApiProperty({ example: 'We agreed to ship the beta on the 14th.' })
  text: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Ada' })
  speaker: string | null;
}

export class SummaryDto {
  @ApiProperty({ description: 'A short paragraph' })
  overview: string;

  @ApiProperty({ type: [SummarySentenceDto], description: 'The sentences the overview was made of (offline) or the key points (a model)' })
  sentences: SummarySentenceDto[];

  @ApiProperty({ type: [SummarySentenceDto], description: '3 to 10 key points when the meeting is long enough' })
  keyPoints: SummarySentenceDto[];
}

export class TopicDto extends SourceRefDto {
  @ApiProperty({ example: 'Beta release' })
  title: string;

  @ApiProperty({ type: [String] })
  keywords: string[];

  @ApiProperty({ description: 'Index of the first segment of the topic in the transcript' })
  firstSegment: number;

  @ApiProperty({ description: 'Index of its last segment' })
  lastSegment: number;
}

export class AnalysedActionItemDto extends SourceRefDto {
  @ApiProperty({ example: 'Send the release notes to the customer' })
  title: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Grace' })
  assignee: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  dueAt: string | null;

  @ApiProperty({ enum: ['high', 'medium', 'low'] })
  priority: 'high' | 'medium' | 'low';

  @ApiProperty({ minimum: 0, maximum: 1 })
  confidence: number;
}

export class DecisionDto extends SourceRefDto {
  @ApiProperty({ example: 'Ship the beta on the 14th' })
  title: string;

  @ApiProperty({ type: [String], description: 'Who voiced agreement' })
  agreedBy: string[];

  @ApiProperty({ minimum: 0, maximum: 1 })
  confidence: number;
}

export class QuestionDto extends SourceRefDto {
  @ApiProperty()
  text: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  askedBy: string | null;

  @ApiProperty()
  answered: boolean;
}

export class KeywordDto {
  @ApiProperty({ example: 'release notes' })
  term: string;

  @ApiProperty()
  score: number;

  @ApiProperty()
  occurrences: number;
}

export class SpeakerStatsDto {
  @ApiProperty()
  speaker: string;

  @ApiProperty()
  talkTimeMs: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Share of all talk time' })
  share: number;

  @ApiProperty()
  words: number;

  @ApiProperty()
  wordsPerMinute: number;

  @ApiProperty()
  turns: number;

  @ApiProperty()
  longestMonologueMs: number;

  @ApiProperty()
  questions: number;

  @ApiProperty({ description: "Turns started before the previous speaker's segment ended" })
  interruptions: number;
}

class SentimentScoreDto {
  @ApiProperty({ minimum: -1, maximum: 1 })
  score: number;

  @ApiProperty()
  positive: number;

  @ApiProperty()
  negative: number;
}

class SpeakerSentimentDto extends SentimentScoreDto {
  @ApiProperty()
  speaker: string;
}

class SentimentOverTimeDto extends SentimentScoreDto {
  @ApiProperty()
  startMs: number;

  @ApiProperty()
  endMs: number;
}

export class SentimentDto {
  @ApiProperty({ type: SentimentScoreDto })
  overall: SentimentScoreDto;

  @ApiProperty({ type: [SpeakerSentimentDto] })
  bySpeaker: SpeakerSentimentDto[];

  @ApiProperty({ type: [SentimentOverTimeDto] })
  overTime: SentimentOverTimeDto[];
}
