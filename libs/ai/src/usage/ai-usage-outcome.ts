/**
 * How one provider's part in a call ended, one `ai_usage` row each:
 * - `ok`: it answered, as the chain's first choice;
 * - `fallback`: it answered after the providers before it failed, were open or were over budget;
 * - `error`: it failed (after its retries), and the chain moved on or gave up;
 * - `budget`: the tenant's monthly budget stopped this remote call before it was made;
 * - `cancelled`: the caller cancelled (or hung up) while it answered; the row keeps what was billed.
 */
export const AI_USAGE_OUTCOMES = ['ok', 'error', 'fallback', 'budget', 'cancelled'] as const;
export type AiUsageOutcome = (typeof AI_USAGE_OUTCOMES)[number];
