import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@quorum/platform';
import { Tenant } from '../entities/tenant.entity';

export class TenantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Acme Research' })
  name: string;

  @ApiProperty({ enum: ROLES, description: "The caller's role in this tenant" })
  role: Role;

  @ApiProperty({ description: 'Analyse every meeting when it moves to completed' })
  autoAnalyseMeetings: boolean;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  static from(tenant: Tenant, role: Role): TenantDto {
    return {
      id: tenant.id,
      name: tenant.name,
      role,
      autoAnalyseMeetings: tenant.autoAnalyseMeetings,
      createdAt: tenant.createdAt,
      updatedAt: tenant.updatedAt,
    };
  }
}
