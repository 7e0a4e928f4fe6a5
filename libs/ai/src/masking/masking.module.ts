import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantRepositoryModule } from '@quorum/platform';
import { MeetingsModule } from '@quorum/meetings';
import { TenantsModule } from '@quorum/tenants';
import { ExportMaskingProvider } from './export-masking.provider';
import { MaskingPoliciesRepository } from './masking-policies.repository';
import { MaskingPolicyRow } from './masking-policy.entity';
import { MaskingService } from './masking.service';

/** PII masking's rules and sessions, without routes (AiHttpModule serves /masking), so the worker's AI calls mask too. */
@Module({
  imports: [
    TypeOrmModule.forFeature([MaskingPolicyRow]),
    TenantRepositoryModule.forFeature([{ entity: MaskingPolicyRow, resourceName: 'Masking rules' }]),
    TenantsModule,
    MeetingsModule,
  ],
  providers: [MaskingService, MaskingPoliciesRepository, ExportMaskingProvider],
  exports: [MaskingService],
})
export class MaskingModule {}
