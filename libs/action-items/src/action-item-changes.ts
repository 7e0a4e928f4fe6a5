import type { ActionItemStatus } from './entities/action-item-fields';
import type { ActionItem } from './entities/action-item.entity';

/** What a client may change on an action item (the fields of UpdateActionItemDto): absent means unchanged, null clears. */
export type ActionItemChanges = Partial<
  Pick<
    ActionItem,
    | 'title'
    | 'description'
    | 'status'
    | 'priority'
    | 'dueAt'
    | 'assigneeUserId'
    | 'assigneeName'
    | 'assigneeEmail'
    | 'meetingId'
    | 'segmentId'
  >
>;

/** What applying changes reads and writes: those fields and completedAt, which follows status. */
export type ChangeableActionItem = Pick<ActionItem, keyof ActionItemChanges | 'completedAt'>;

/**
 * Applies a partial change. Moving the item to another meeting clears its
 * segment unless one is sent along. One assignee at a time: naming a member
 * (assigneeUserId) clears the outsider fields, naming an outsider
 * (assigneeName or assigneeEmail) clears the member. A status change follows
 * applyStatus, with `now` as the clock.
 */
export function applyChanges(item: ChangeableActionItem, changes: ActionItemChanges, now: Date): void {
  if (changes.title !== undefined) item.title = changes.title;
  if (changes.description !== undefined) item.description = changes.description;
  if (changes.priority !== undefined) item.priority = changes.priority;
  if (changes.dueAt !== undefined) item.dueAt = changes.dueAt;
  if (changes.meetingId !== undefined && changes.meetingId !== item.meetingId) {
    item.meetingId = changes.meetingId;
    // A segment id means something only within its meeting.
    item.segmentId = null;
  }
  if (changes.segmentId !== undefined) item.segmentId = changes.segmentId;
  // One assignee at a time: naming one kind replaces the other.
  if (changes.assigneeUserId !== undefined) item.assigneeUserId = changes.assigneeUserId;
  if (changes.assigneeUserId) {
    item.assigneeName = null;
    item.assigneeEmail = null;
  }
  if (changes.assigneeName !== undefined) item.assigneeName = changes.assigneeName;
  if (changes.assigneeEmail !== undefined) item.assigneeEmail = changes.assigneeEmail;
  if (changes.assigneeName || changes.assigneeEmail) item.assigneeUserId = null;
  if (changes.status !== undefined) applyStatus(item, changes.status, now);
}

/**
 * Moves the item to `next`: becoming done stamps completedAt with `now`,
 * leaving done clears it. The same status again is no change, so a done
 * item keeps when it was completed.
 */
export function applyStatus(item: Pick<ActionItem, 'status' | 'completedAt'>, next: ActionItemStatus, now: Date): void {
  if (next === item.status) return;
  item.completedAt = next === 'done' ? now : null;
  item.status = next;
}
