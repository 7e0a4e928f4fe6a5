import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Session } from '../entities/session.entity';

export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiPropertyOptional({ nullable: true, example: 'Mozilla/5.0 …' })
  userAgent: string | null;

  @ApiPropertyOptional({ nullable: true, example: '203.0.113.7' })
  ip: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  lastUsedAt: Date;

  @ApiProperty({ description: 'True for the session of the token making this request' })
  current: boolean;

  static from(session: Session, currentId: string): SessionDto {
    return {
      id: session.id,
      userAgent: session.userAgent,
      ip: session.ip,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      current: session.id === currentId,
    };
  }
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] })
  items: SessionDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Always null: a user has few live sessions, all returned at once' })
  nextCursor: string | null;
}

export class RevokedSessionsDto {
  @ApiProperty({ example: 2 })
  revoked: number;
}
