import * as chrono from 'chrono-node';

/** Words chrono-node would read as dates but which, in speech, are mostly something else ("I may", "now"). */
const NOT_A_DATE = /^(?:may|march|now|second|sec|a second|the second|one second|a sec|mon|sun|sat|wed|today's)$/i;

/**
 * The due date a sentence names ("by Friday", "next week", "on the 3rd"), resolved forwards from the reference date in UTC (so the machine's time zone changes nothing),
 * or null when it names none. A day said without a time of day is due at noon of that day: chrono already implies noon for
 * "Friday", but carries the reference's own time into "tomorrow" or "in two days", which would make the due time the
 * minute the meeting started.
 */
export function dueDate(text: string, referenceDate: Date): Date | null {
  for (const result of chrono.parse(text, { instant: referenceDate, timezone: 0 }, { forwardDate: true })) {
    if (NOT_A_DATE.test(result.text.trim())) continue;
    const date = result.start.date();
    if (Number.isNaN(date.getTime())) continue;
    if (!result.start.isCertain('hour')) date.setUTCHours(12, 0, 0, 0);
    return date;
  }
  return null;
}
