import * as chrono from 'chrono-node';

/** Words chrono-node would read as dates but which, in speech, are mostly something else ("I may", "now"). */
const NOT_A_DATE = /^(?:may|march|now|second|sec|a second|the second|one second|a sec|mon|sun|sat|wed|today's)$/i;

const DAY_MS = 86_400_000;
const timeOfDay = (date: Date) => date.getTime() - Math.floor(date.getTime() / DAY_MS) * DAY_MS;

/**
 * The due date a sentence names ("by Friday", "next week", "on the 3rd"), resolved forwards from the reference date in UTC (so the machine's time zone changes nothing),
 * or null when it names none. A day said without a time of day is due at noon of that day, as chrono already has it for
 * "Friday": for "tomorrow" or "in two days" it carries the reference's own time over, which would make the due time the
 * minute the meeting started. A time the words imply ("tonight", "tomorrow morning") is kept, and so is the reference's
 * own time for a day whose noon has already passed by then ("today", said in the afternoon).
 */
export function dueDate(text: string, referenceDate: Date): Date | null {
  for (const result of chrono.parse(text, { instant: referenceDate, timezone: 0 }, { forwardDate: true })) {
    if (NOT_A_DATE.test(result.text.trim())) continue;
    const date = result.start.date();
    if (Number.isNaN(date.getTime())) continue;
    if (!result.start.isCertain('hour') && timeOfDay(date) === timeOfDay(referenceDate)) {
      const noon = new Date(date.getTime() - timeOfDay(date) + DAY_MS / 2);
      if (noon.getTime() >= referenceDate.getTime()) return noon;
    }
    return date;
  }
  return null;
}
