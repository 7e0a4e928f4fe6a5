import { ApiProperty } from '@nestjs/swagger';
import { User } from '../entities/user.entity';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty()
  createdAt: Date;

  static from(user: User): UserDto {
    return { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt };
  }
}
