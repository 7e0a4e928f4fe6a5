import { Module } from '@nestjs/common';
import { ActionItemsController } from './action-items.controller';
import { ActionItemsModule } from './action-items.module';

/**
 * The HTTP routes of action items, over ActionItemsModule's service.
 * The api imports this; the worker imports ActionItemsModule alone, so it
 * serves none of these routes.
 */
@Module({ imports: [ActionItemsModule], controllers: [ActionItemsController] })
export class ActionItemsHttpModule {}
