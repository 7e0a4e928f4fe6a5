import type { Facts } from '../conditions/evaluate-conditions';
import { TEMPLATE_FIELD } from '../validate-rule';

/** `{{fact}}` replaced by the fact's value (dates as ISO, lists joined, nothing for null), clipped to `max`. */
export function renderTemplate(template: string, facts: Facts, max: number): string {
  const text = template.replace(TEMPLATE_FIELD, (_, name: string) => {
    const value = facts[name];
    if (value === null || value === undefined) return '';
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
