import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsModule } from '@quorum/meetings';
import { TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { ActionItemsController } from './action-items.controller';
import { ActionItemsRepository } from './action-items.repository';
import { ActionItemsService } from './action-items.service';
import { ActionItem } from './entities/action-item.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([ActionItem]),
    TenantRepositoryModule.forFeature([{ entity: ActionItem, resourceName: 'Action item' }]),
    TenantsModule,
    MeetingsModule,
  ],
  controllers: [ActionItemsController],
  providers: [ActionItemsService, ActionItemsRepository],
  exports: [ActionItemsService],
})
export class ActionItemsModule {}
