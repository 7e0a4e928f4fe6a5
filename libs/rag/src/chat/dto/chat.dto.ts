import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { PassageCitationDto, RagQueryFiltersDto } from '../../retrieval/dto/rag-query.dto';
import type { Citation } from '../answer/citation';
import {
  CHAT_MESSAGE_STATUSES,
  CHAT_ROLES,
  type ChatMessage,
  type ChatMessageStatus,
  type ChatRole,
} from '../entities/chat-message.entity';
import type { ChatSession } from '../entities/chat-session.entity';

export class CreateChatSessionDto {
  @ApiPropertyOptional({ example: 'Supplier questions', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;
}

export class AskDto {
  @ApiProperty({ example: 'What did we decide about the supplier?', minLength: 1, maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  message: string;

  @ApiPropertyOptional({ type: RagQueryFiltersDto, description: 'Search only these sources' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RagQueryFiltersDto)
  filters?: RagQueryFiltersDto;
}

export class CitationDto extends PassageCitationDto {
  @ApiProperty({ example: 1, description: 'The number the answer cites as [n]' })
  n: number;

  @ApiProperty({ format: 'uuid' })
  passageId: string;

  @ApiProperty({ description: 'The passage, up to 500 characters' })
  quote: string;
}

export class ChatMessageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: CHAT_ROLES })
  role: ChatRole;

  @ApiProperty()
  content: string;

  @ApiProperty({ type: [CitationDto] })
  citations: Citation[];

  @ApiProperty({ enum: CHAT_MESSAGE_STATUSES })
  status: ChatMessageStatus;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'local' })
  provider: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  model: string | null;

  @ApiProperty()
  createdAt: Date;

  static from(m: ChatMessage): ChatMessageDto {
    return {
      id: m.id,
      role: m.role,
      content: m.content,
      citations: m.citations,
      status: m.status,
      provider: m.provider,
      model: m.model,
      createdAt: m.createdAt,
    };
  }
}

export class ChatSessionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  static from(s: ChatSession): ChatSessionDto {
    return { id: s.id, title: s.title, createdAt: s.createdAt, updatedAt: s.updatedAt };
  }
}

export class ChatSessionWithMessagesDto extends ChatSessionDto {
  @ApiProperty({ type: [ChatMessageDto] })
  messages: ChatMessageDto[];
}

export class ChatSessionPageDto {
  @ApiProperty({ type: [ChatSessionDto] })
  items: ChatSessionDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class ChatAnswerDto {
  @ApiProperty({ type: ChatMessageDto, description: 'The answer, with the passages it cites' })
  answer: ChatMessageDto;
}
