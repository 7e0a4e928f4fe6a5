import type { Facts } from '../conditions/evaluate-conditions';
import { TEMPLATE_FIELD } from '../validate-rule';

/** How derived facts carry instants (derive-facts.ts: `toISOString()`). */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}\.\d{3}Z$/;

/**
 * `{{fact}}` replaced by the fact's value, clipped to `max`: lists joined, nothing for null, and instants as people
 * read them in a notification, "2026-12-09 17:00 UTC" (webhooks get the facts themselves, ISO, for machines).
 */
export function renderTemplate(template: string, facts: Facts, max: number): string {
  const text = template.replace(TEMPLATE_FIELD, (_, name: string) => {
    const value = facts[name];
    if (value === null || value === undefined) return '';
    if (Array.isArray(value)) return value.join(', ');
    const instant = typeof value === 'string' ? INSTANT.exec(value) : null;
    return instant ? `${instant[1]} ${instant[2]} UTC` : String(value);
  });
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
