import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@quorum/platform';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DOCUMENT_FORMATS, type DocumentFormat } from '../extraction/document-format';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../entities/rag-document.entity';
import { TAG_PATTERN } from './create-text-document.dto';

export class ListDocumentsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: DOCUMENT_STATUSES })
  @IsOptional()
  @IsIn(DOCUMENT_STATUSES)
  status?: DocumentStatus;

  @ApiPropertyOptional({ enum: DOCUMENT_FORMATS })
  @IsOptional()
  @IsIn(DOCUMENT_FORMATS)
  format?: DocumentFormat;

  @ApiPropertyOptional({ description: 'Only documents with this tag' })
  @IsOptional()
  @Matches(TAG_PATTERN, { message: 'tag must be 1-50 letters, digits, spaces, . _ or -' })
  tag?: string;
}
