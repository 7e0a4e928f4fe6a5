/**
 * The event types a webhook may subscribe to: the domain events worth telling another system about
 * (WebhookEventsListener forwards them), and `*` for all. Business rules add theirs here as they land.
 */
export const WEBHOOK_EVENT_TYPES = [
  '*',
  'meeting.created',
  'meeting.updated',
  'meeting.completed',
  'meeting.deleted',
  'action_item.created',
  'action_item.updated',
  'action_item.deleted',
  'analysis.completed',
  'sync.conflict',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
