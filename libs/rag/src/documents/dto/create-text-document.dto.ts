import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export const TEXT_DOCUMENT_FORMATS = ['markdown', 'text', 'html'] as const;
export type TextDocumentFormat = (typeof TEXT_DOCUMENT_FORMATS)[number];

export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,49}$/u;

/** A document sent as JSON text rather than as a file. */
export class CreateTextDocumentDto {
  @ApiProperty({ example: 'Onboarding notes', minLength: 1, maxLength: 300 })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiProperty({
    example: '# Onboarding\n\nNew members get a laptop on day one.',
    description: 'Up to RAG_DOCUMENT_MAX_BYTES once UTF-8 encoded',
  })
  @IsString()
  @Length(1, 20_000_000)
  text: string;

  @ApiPropertyOptional({ enum: TEXT_DOCUMENT_FORMATS, default: 'markdown' })
  @IsOptional()
  @IsIn(TEXT_DOCUMENT_FORMATS)
  format?: TextDocumentFormat;

  @ApiPropertyOptional({ type: [String], example: ['hr', 'onboarding'], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-50 letters, digits, spaces, . _ or -' })
  tags?: string[];
}
