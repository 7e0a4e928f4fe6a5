import * as chrono from 'chrono-node';

/** What a part of a question asks for, when its wording says so: a moment or a length of time, or an amount. */
export type AnswerType = 'time' | 'amount';

const ASKS_TIME = /\b(?:when|what (?:time|date|day)|which (?:day|date|week|month)|how long|how soon|by when|until when|deadline)\b/i;
const ASKS_AMOUNT = /\b(?:how (?:much|many)|what(?:'s| is| was)? the (?:cost|price|budget|cap|number|total|amount|figure|rate))\b/i;

/** The type a part of a question asks for, or undefined ("who", "what", "why" name nothing a sentence can be checked for). */
export function askedType(clause: string): AnswerType | undefined {
  if (ASKS_TIME.test(clause)) return 'time';
  if (ASKS_AMOUNT.test(clause)) return 'amount';
  return undefined;
}

/**
 * Dates chrono-node finds that do not answer "when": the meeting's own "today" and "now" ("today we need to settle …",
 * "right now"), and words that are dates only sometimes ("may", "march", "second").
 */
const NOT_AN_ANSWER = /^(?:today|now|right now|may|march|second|a second|sec|mon|sun|sat|wed)$/i;
const DURATION =
  /\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|few|several|couple of)\s+(?:more\s+)?(?:minutes?|hours?|days?|weeks?|months?|quarters?|years?|sprints?)\b/i;
const AMOUNT =
  /\d|[$€£¥]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|dozen)\b/i;

/** Whether a sentence says something of the type asked for: names a date, a time or a duration; or an amount. */
export function answersType(sentence: string, type: AnswerType): boolean {
  if (type === 'amount') return AMOUNT.test(sentence);
  if (DURATION.test(sentence)) return true;
  return chrono.parse(sentence).some((result) => !NOT_AN_ANSWER.test(result.text.trim()));
}
