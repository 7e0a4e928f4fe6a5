/** A pseudonym as we write it: `[LABEL_n]`. */
export const PLACEHOLDER = /\[([A-Z][A-Z0-9_]{0,39}_\d{1,6})\]/g;

/** The longest placeholder: `[` + 40 label characters + `_` + 6 digits + `]`. */
export const PLACEHOLDER_MAX_LENGTH = 49;

/** Whether `tail` (text from a `[` on, with no `]` yet) may still become a placeholder once more text arrives. */
export function mayBecomePlaceholder(tail: string): boolean {
  return tail.length < PLACEHOLDER_MAX_LENGTH && /^\[(?:[A-Z][A-Z0-9_]*)?$/.test(tail);
}

/** A rule name as a placeholder's label: `employee-id` → `EMPLOYEE_ID`. */
export function labelOf(name: string): string {
  const label = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^[^A-Z]+|_+$/g, '')
    .slice(0, 32);
  return label || 'CUSTOM';
}
