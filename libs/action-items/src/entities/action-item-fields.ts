export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** Statuses in which an item still needs doing, and so can be overdue. */
export const OPEN_ACTION_ITEM_STATUSES: readonly ActionItemStatus[] = ['open', 'in_progress'];

/** Lowest first; the order is the sort order of `priority` (and the reverse of `-priority`). */
export const ACTION_ITEM_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type ActionItemPriority = (typeof ACTION_ITEM_PRIORITIES)[number];

export const ACTION_ITEM_ORIGINS = ['manual', 'ai'] as const;
export type ActionItemOrigin = (typeof ACTION_ITEM_ORIGINS)[number];
