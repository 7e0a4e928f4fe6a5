import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class RequestAnalysisDto {
  @ApiPropertyOptional({
    example: 'anthropic:claude-sonnet-4-5',
    description:
      'Analyse with this provider (its default model) or provider:model instead of AI_SUMMARY_PROVIDER and AI_EXTRACTION_PROVIDER; `local` for the offline analysis. It must be configured (GET /ai/providers); `local` still makes any part it cannot.',
  })
  @IsOptional()
  @Matches(/^[a-z]+(?::[A-Za-z0-9._:/@+-]{1,128})?$/, { message: 'provider must be a provider name, or provider:model' })
  provider?: string;
}
