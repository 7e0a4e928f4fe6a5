import { Injectable } from '@nestjs/common';
import { ProvidedSource } from './provided-source';

/** One line of the minutes' action items: an item of the meeting as it stands. */
export interface MinutesActionItem {
  title: string;
  assignee?: string;
  /** The day it is due, YYYY-MM-DD. */
  dueAt?: string;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
}

export type MinutesActionItemsSource = (meetingId: string) => Promise<MinutesActionItem[]>;

/**
 * Where the minutes get a meeting's action items. The action-items module, which depends on this one and not the
 * other way round, provides the source; without it the minutes list none. The items as they stand, whoever made
 * them: one ticked off since the meeting shows as done, one added by hand is there too.
 */
@Injectable()
export class MinutesActionItemsRegistry extends ProvidedSource<MinutesActionItemsSource> {
  protected readonly purpose = "the minutes' action items";

  forMeeting(meetingId: string): Promise<MinutesActionItem[]> {
    return this.provided ? this.provided(meetingId) : Promise.resolve([]);
  }
}
