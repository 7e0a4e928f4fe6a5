import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptionalNotNull } from '@quorum/platform';
import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { TAG_PATTERN } from './create-text-document.dto';

export class UpdateDocumentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 300 })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-50 letters, digits, spaces, . _ or -' })
  tags?: string[];
}
