/** The insights computed for a tenant; each is documented with its rule in docs/quality.md. */
export const INSIGHT_KINDS = ['overdue-assignee', 'meeting-without-outcomes', 'meeting-load', 'moving-due-date'] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

export const INSIGHT_SEVERITIES = ['info', 'warning'] as const;
export type InsightSeverity = (typeof INSIGHT_SEVERITIES)[number];
