import { Injectable } from '@nestjs/common';

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
export class MinutesActionItemsRegistry {
  private source?: MinutesActionItemsSource;

  provide(source: MinutesActionItemsSource): void {
    if (this.source) throw new Error('the minutes already have an action-items source');
    this.source = source;
  }

  forMeeting(meetingId: string): Promise<MinutesActionItem[]> {
    return this.source ? this.source(meetingId) : Promise.resolve([]);
  }
}
