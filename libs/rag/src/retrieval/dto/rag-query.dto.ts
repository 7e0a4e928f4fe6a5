import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHUNK_SOURCE_TYPES, type ChunkSourceType } from '../../chunks/entities/rag-chunk.entity';
import { TAG_PATTERN } from '../../documents/dto/create-text-document.dto';

export class RagQueryFiltersDto {
  @ApiPropertyOptional({ enum: CHUNK_SOURCE_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CHUNK_SOURCE_TYPES.length)
  @IsIn(CHUNK_SOURCE_TYPES, { each: true })
  sourceTypes?: ChunkSourceType[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  meetingIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  documentIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Passages of documents or meetings with any of these tags', maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-50 letters, digits, spaces, . _ or -' })
  tags?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Transcript passages where any of these speakers talks', maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  speakers?: string[];

  @ApiPropertyOptional({ description: 'Said or filed at or after this instant' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'Said or filed before this instant' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export class RagQueryDto {
  @ApiProperty({ example: 'What did we decide about the supplier?', minLength: 1, maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  query: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  topK?: number;

  @ApiPropertyOptional({ type: RagQueryFiltersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RagQueryFiltersDto)
  filters?: RagQueryFiltersDto;
}

export class PassageCitationDto {
  @ApiProperty({ enum: CHUNK_SOURCE_TYPES })
  sourceType: ChunkSourceType;

  @ApiProperty({ example: 'Supplier review' })
  title: string;

  @ApiPropertyOptional({ format: 'uuid', type: String })
  documentId?: string;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'PDF page, from 1' })
  page?: number | null;

  @ApiPropertyOptional({ type: [String], description: 'Headings above the passage, outermost first' })
  headingPath?: string[];

  @ApiPropertyOptional({ format: 'uuid', type: String })
  meetingId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Transcript segments (their segmentId)' })
  segmentIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  speakers?: string[];

  @ApiPropertyOptional({ nullable: true, type: Number })
  startMs?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  endMs?: number | null;
}

export class RetrievedPassageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Higher is better; comparable within one answer only' })
  score: number;

  @ApiProperty({ type: [String], enum: ['lexical', 'dense'], example: ['lexical'], description: 'The retrieval legs that found it' })
  legs: ('lexical' | 'dense')[];

  @ApiProperty()
  text: string;

  @ApiProperty({ type: PassageCitationDto })
  citation: PassageCitationDto;
}

export class DenseLegDto {
  @ApiPropertyOptional({ example: 'openai:text-embedding-3-small', description: 'The embeddings model that served the dense leg' })
  model?: string;

  @ApiPropertyOptional({
    enum: ['not-embedded', 'unavailable'],
    description:
      'Why the dense leg did not run: no vectors yet (they are made in the background), or the model could not embed the question (down, over budget)',
  })
  skipped?: 'not-embedded' | 'unavailable';
}

export class RagQueryResultDto {
  @ApiProperty({ type: [RetrievedPassageDto] })
  passages: RetrievedPassageDto[];

  @ApiProperty({
    type: [String],
    enum: ['lexical', 'dense'],
    example: ['lexical', 'dense'],
    description: 'The legs that ran; with both, each score is their reciprocal-rank fusion',
  })
  legs: ('lexical' | 'dense')[];

  @ApiPropertyOptional({ type: DenseLegDto, description: 'Present when a remote embeddings model is configured' })
  dense?: DenseLegDto;
}
