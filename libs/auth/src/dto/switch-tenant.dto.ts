import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class SwitchTenantDto {
  @ApiProperty({ format: 'uuid', description: 'A tenant you are a member of' })
  @IsUUID()
  tenantId: string;
}
