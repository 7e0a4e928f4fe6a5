import { ApiProperty } from '@nestjs/swagger';
import { INVITABLE_ROLES } from './create-invitation.dto';

export class InvitationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'grace@example.com' })
  email: string;

  @ApiProperty({ enum: INVITABLE_ROLES })
  role: string;

  @ApiProperty({ description: 'Shown once: give it to the invitee, who registers with it as invitationToken. Single use.' })
  token: string;

  @ApiProperty()
  expiresAt: Date;
}
