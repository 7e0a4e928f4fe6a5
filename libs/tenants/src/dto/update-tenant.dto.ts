import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptionalNotNull } from '@quorum/platform';
import { IsBoolean, IsString, Length } from 'class-validator';

export class UpdateTenantDto {
  @ApiPropertyOptional({ example: 'Acme Research', minLength: 1, maxLength: 200 })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Analyse every meeting when it moves to completed (on for new tenants)' })
  @IsOptionalNotNull()
  @IsBoolean()
  autoAnalyseMeetings?: boolean;
}
