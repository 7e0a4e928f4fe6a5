import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@quorum/platform';
import { Membership } from '../entities/membership.entity';

export class MemberDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ description: 'When the user joined this tenant' })
  joinedAt: Date;

  static from(membership: Membership): MemberDto {
    return {
      userId: membership.userId,
      email: membership.user?.email ?? '',
      name: membership.user?.name ?? '',
      role: membership.role,
      joinedAt: membership.createdAt,
    };
  }
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] })
  items: MemberDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
