import type { Priority } from '../analysis.types';

const HIGH =
  /\b(?:urgent(?:ly)?|asap|as soon as possible|immediately|right away|critical|top priority|high priority|crucial|by tomorrow|today|tonight|first thing)\b/i;
const LOW =
  /\b(?:when you (?:can|get a chance|have time)|eventually|no rush|no hurry|sometime|some time|low priority|nice to have|if (?:you|we) have time|at some point|later on)\b/i;

/** A hint from the wording and the due date: soon or urgent is high, "when you get a chance" is low. */
export function priorityHint(text: string, dueAt: Date | null, referenceDate: Date): Priority {
  if (HIGH.test(text)) return 'high';
  if (LOW.test(text)) return 'low';
  if (dueAt && dueAt.getTime() - referenceDate.getTime() <= 2 * 24 * 3600 * 1000) return 'high';
  return 'medium';
}
