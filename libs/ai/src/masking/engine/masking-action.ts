export const MASKING_ACTIONS = ['redact', 'mask', 'pseudonymise'] as const;
/**
 * - redact: the value becomes `[REDACTED]`;
 * - mask: every letter and digit but the last four becomes `*` (`************1111`);
 * - pseudonymise: a placeholder such as `[EMAIL_1]`, the same for the same value within one request, put back in the answer.
 */
export type MaskingAction = (typeof MASKING_ACTIONS)[number];
