import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsModule } from '@quorum/meetings';
import { TenantsModule } from '@quorum/tenants';
import { ActionItemsController } from './action-items.controller';
import { ActionItemsService } from './action-items.service';
import { ActionItem } from './entities/action-item.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ActionItem]), TenantsModule, MeetingsModule],
  controllers: [ActionItemsController],
  providers: [ActionItemsService],
  exports: [ActionItemsService],
})
export class ActionItemsModule {}
