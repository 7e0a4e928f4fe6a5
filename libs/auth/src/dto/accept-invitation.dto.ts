import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token of an invitation sent to your email address', example: 'kq3…' })
  @IsString()
  @Length(16, 128)
  invitationToken: string;
}
