import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh_token of the previous token response; each one works once',
    example: 'Zq3xV7mB2pL9sK4wT8yN1cR6hF0dJ5aE',
    minLength: 16,
    maxLength: 128,
  })
  @IsString()
  @Length(16, 128)
  refreshToken: string;
}
