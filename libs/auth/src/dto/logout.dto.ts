import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class LogoutDto {
  @ApiPropertyOptional({
    description: "Accepted for clients that send it; the session to end is the access token's own",
    minLength: 16,
    maxLength: 128,
  })
  @IsOptional()
  @IsString()
  @Length(16, 128)
  refreshToken?: string;
}
