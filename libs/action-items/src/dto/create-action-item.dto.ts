import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import {
  ACTION_ITEM_ORIGINS,
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  type ActionItemOrigin,
  type ActionItemPriority,
  type ActionItemStatus,
} from '../entities/action-item-fields';
import { IsOptionalNotNull } from '@quorum/platform';
import { ExcludesFields } from './validators';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/**
 * The fields a client may set. `completedAt` is the server's (it follows
 * `status`), so it is not here and the ValidationPipe rejects it.
 */
export class ActionItemFieldsDto {
  @ApiProperty({ example: 'Send the Q3 budget to finance', minLength: 1, maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @ApiPropertyOptional({ example: 'Include the travel line items we cut', maxLength: 10000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  // No example on purpose: a sample body would then name a user who is not a member.
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'A member of the tenant (422 otherwise). Setting it clears assigneeName and assigneeEmail; it cannot be sent together with them.',
  })
  @IsOptional()
  @IsUUID()
  @ExcludesFields(['assigneeName', 'assigneeEmail'], {
    message:
      'assigneeUserId cannot be combined with assigneeName or assigneeEmail: an action item is assigned to a member or to an outsider',
  })
  assigneeUserId?: string | null;

  @ApiPropertyOptional({
    example: 'Grace Hopper',
    maxLength: 200,
    nullable: true,
    type: String,
    description: 'An assignee who is not a member; setting it (or assigneeEmail) clears assigneeUserId',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  assigneeName?: string | null;

  @ApiPropertyOptional({
    example: 'grace@example.com',
    maxLength: 254,
    nullable: true,
    type: String,
    description: "The outsider assignee's address",
  })
  @IsOptional()
  @Transform(lowerCase)
  @IsEmail()
  @MaxLength(254)
  assigneeEmail?: string | null;

  @ApiPropertyOptional({ example: '2026-12-01T17:00:00.000Z', nullable: true, type: Date })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueAt?: Date | null;

  @ApiPropertyOptional({ enum: ACTION_ITEM_PRIORITIES, default: 'medium', example: 'high' })
  @IsOptionalNotNull()
  @IsIn(ACTION_ITEM_PRIORITIES)
  priority?: ActionItemPriority;

  @ApiPropertyOptional({
    enum: ACTION_ITEM_STATUSES,
    default: 'open',
    example: 'open',
    description: 'Becoming done sets completedAt; leaving done clears it',
  })
  @IsOptionalNotNull()
  @IsIn(ACTION_ITEM_STATUSES)
  status?: ActionItemStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b',
    nullable: true,
    type: String,
    description: 'A meeting of the tenant (422 otherwise); deleting the meeting deletes its action items',
  })
  @IsOptional()
  @IsUUID()
  meetingId?: string | null;

  @ApiPropertyOptional({
    example: 'seg-0042',
    maxLength: 128,
    nullable: true,
    type: String,
    description:
      "The client's id of a transcript segment of the meeting; needs meetingId. Moving the item to another meeting clears it unless sent along.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  segmentId?: string | null;
}

export class CreateActionItemDto extends ActionItemFieldsDto {
  @ApiPropertyOptional({
    enum: ACTION_ITEM_ORIGINS,
    default: 'manual',
    example: 'manual',
    description: 'ai for items extracted from a transcript',
  })
  @IsOptionalNotNull()
  @IsIn(ACTION_ITEM_ORIGINS)
  origin?: ActionItemOrigin;
}
