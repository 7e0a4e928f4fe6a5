import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '@quorum/platform';

const booleanText = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListNotificationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only unread ones; false: only read ones' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  unread?: boolean;
}
