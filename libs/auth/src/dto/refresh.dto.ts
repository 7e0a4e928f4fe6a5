import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: 'The refresh_token of the previous token response; each one works once', example: 'q1Xk…' })
  @IsString()
  @Length(16, 128)
  refreshToken: string;
}
