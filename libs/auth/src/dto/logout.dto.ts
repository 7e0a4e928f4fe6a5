import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class LogoutDto {
  @ApiPropertyOptional({ description: "Accepted for clients that send it; the session to end is the access token's own" })
  @IsOptional()
  @IsString()
  @Length(16, 128)
  refreshToken?: string;
}
