import { IsUUID } from 'class-validator';
import { AskDto } from './chat.dto';

/** `chat.send`: the body of POST /chat/sessions/:id/messages plus the session, so both paths share its rules. */
export class ChatSendDto extends AskDto {
  @IsUUID()
  sessionId: string;
}

/** `chat.cancel`: the answer to stop, as `chat.send`'s ack named it. */
export class ChatCancelDto {
  @IsUUID()
  messageId: string;
}
