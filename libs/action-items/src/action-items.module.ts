import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsModule } from '@quorum/meetings';
import { TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { ActionItemsRepository } from './action-items.repository';
import { ActionItemsService } from './action-items.service';
import { ActionItem } from './entities/action-item.entity';

/**
 * Action items: the service and repository, no routes (ActionItemsHttpModule adds them), so the
 * worker can use them without serving them.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ActionItem]),
    TenantRepositoryModule.forFeature([{ entity: ActionItem, resourceName: 'Action item' }]),
    TenantsModule,
    MeetingsModule,
  ],
  providers: [ActionItemsService, ActionItemsRepository],
  exports: [ActionItemsService],
})
export class ActionItemsModule {}
