/**
 * When a pattern becomes an insight. Set by judgement and written down in docs/quality.md; never tuned on data.
 */
export const INSIGHT_THRESHOLDS = {
  /** An assignee with at least this many overdue items, and more than the tenant's median, is flagged. */
  overdueItems: 2,
  /** Completed meetings of this many past days are checked for decisions and action items. */
  outcomesLookbackDays: 90,
  /** Meeting load is reported over this many past weeks. */
  loadWeeks: 8,
  /** A person's busiest week at least this many times the tenant's median person-week is a warning. */
  loadWarningFactor: 2,
  /** An open action item whose due date moved at least this many times is flagged. */
  dueDateMoves: 2,
  /** Evidence lists at most this many items; the counts cover them all. */
  evidenceItems: 20,
} as const;
