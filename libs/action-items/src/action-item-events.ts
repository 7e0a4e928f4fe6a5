/** Domain event types this module publishes (after commit), for realtime and caches. */
export const ActionItemEvents = {
  created: 'action_item.created',
  updated: 'action_item.updated',
  deleted: 'action_item.deleted',
} as const;
