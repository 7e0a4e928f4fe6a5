import { Injectable } from '@nestjs/common';
import { type ActionItemDto, ActionItemsService, ListActionItemsQuery } from '@quorum/action-items';
import { AnalysisService, type MeetingAnalysisDto } from '@quorum/ai';
import { type MeetingDto, MeetingsService } from '@quorum/meetings';
import { ProblemException } from '@quorum/platform';
import type { Facts } from '../conditions/evaluate-conditions';
import type { RuleEntity } from '../rule-definition';
import { actionItemFacts, meetingFacts } from './derive-facts';

/** A meeting's items are read in pages of this many; a meeting with more than MAX_ITEMS counts only those. */
const PAGE = 100;
const MAX_ITEMS = 1000;

/**
 * Reads what facts are derived from, through the meetings, action-items and AI modules' exported services, in the
 * caller's tenant (RequestContext). `meetings` caches meetings for one evaluation run (a scan over many items of
 * few meetings reads each meeting once).
 */
@Injectable()
export class RuleFactsService {
  constructor(
    private readonly actionItems: ActionItemsService,
    private readonly meetings: MeetingsService,
    private readonly analysis: AnalysisService,
  ) {}

  /** The facts of an entity as it is now, or null when it no longer exists. */
  async load(entity: RuleEntity, id: string, now: Date): Promise<Facts | null> {
    if (entity === 'action_item') {
      const item = await orNull(this.actionItems.get(id));
      return item ? this.ofActionItem(item, now) : null;
    }
    const meeting = await orNull(this.meetings.get(id));
    return meeting ? this.ofMeeting(meeting) : null;
  }

  /**
   * The facts of the entity an event is about, with the entity as the event recorded it (so a late job and a replay
   * see what the event saw) and what it relates to (an item's meeting; a meeting's items and analysis) as it is now.
   * Null when the entity is gone.
   */
  async forEvent(event: { type: string; entityId: string; data: Record<string, unknown> }, now: Date): Promise<Facts | null> {
    if (event.type.startsWith('action_item.')) return this.ofActionItem(event.data as unknown as ActionItemDto, now);
    if (event.type === 'analysis.completed') {
      const meeting = await orNull(this.meetings.get(event.entityId));
      return meeting ? this.ofMeeting(meeting, event.data as unknown as MeetingAnalysisDto) : null;
    }
    return this.ofMeeting(event.data as unknown as MeetingDto);
  }

  async ofActionItem(item: ActionItemDto, now: Date, meetings = new Map<string, Promise<MeetingDto | null>>()): Promise<Facts> {
    let meeting: MeetingDto | null = null;
    if (item.meetingId) {
      let pending = meetings.get(item.meetingId);
      if (!pending) meetings.set(item.meetingId, (pending = orNull(this.meetings.get(item.meetingId))));
      meeting = await pending;
    }
    return actionItemFacts(item, meeting, now);
  }

  async ofMeeting(meeting: MeetingDto, analysed?: MeetingAnalysisDto): Promise<Facts> {
    const items: ActionItemDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.actionItems.list(Object.assign(new ListActionItemsQuery(), { meetingId: meeting.id, limit: PAGE, cursor }));
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && items.length < MAX_ITEMS);
    const analysis: MeetingAnalysisDto | null = analysed ?? (await orNull(this.analysis.latest(meeting.id)));
    return meetingFacts(meeting, items, analysis);
  }
}

/** A 404 (deleted meanwhile, or never in this tenant) reads as nothing; anything else is a failure. */
export async function orNull<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof ProblemException && error.getStatus() === 404) return null;
    throw error;
  }
}
