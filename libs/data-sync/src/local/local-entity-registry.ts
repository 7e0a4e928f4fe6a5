import { Injectable } from '@nestjs/common';
import type { SyncEntity } from '../connectors/connector';
import { ActionItemEntities } from './action-item-entities';
import type { LocalEntities } from './local-entities';
import { MeetingEntities } from './meeting-entities';

/** The local side of each stream entity. */
@Injectable()
export class LocalEntityRegistry {
  private readonly byEntity: Record<SyncEntity, LocalEntities>;

  constructor(meetings: MeetingEntities, actionItems: ActionItemEntities) {
    this.byEntity = { meeting: meetings, action_item: actionItems };
  }

  get(entity: SyncEntity): LocalEntities {
    return this.byEntity[entity];
  }
}
