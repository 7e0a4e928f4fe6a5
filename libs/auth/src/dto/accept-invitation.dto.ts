import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class AcceptInvitationDto {
  @ApiProperty({
    description: 'The token of an invitation sent to your email address',
    example: 'Zq3xV7mB2pL9sK4wT8yN1cR6hF0dJ5aE',
    minLength: 16,
    maxLength: 128,
  })
  @IsString()
  @Length(16, 128)
  invitationToken: string;
}
