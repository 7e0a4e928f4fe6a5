import type { z } from 'zod';

export type AnswerCheck<T> = { ok: true; value: T } | { ok: false; error: string };

/** Models wrap JSON in Markdown fences or a sentence now and then; the outermost object or array is what counts. */
function jsonText(answer: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(answer);
  const text = (fenced ? fenced[1] : answer).trim();
  const start = text.search(/[[{]/);
  if (start === -1) return text;
  const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
  return end > start ? text.slice(start, end + 1) : text.slice(start);
}

/**
 * V8's parse errors quote the text they choke on (`Unexpected token 'A', "Ada paid w"... is not valid JSON`). The
 * error ends up in the log line of a failed provider, and logs never hold transcript text, so the quote is cut.
 */
function withoutQuotedText(error: unknown): string {
  if (!(error instanceof Error)) return 'unreadable';
  return error.message.replace(/, ".*" is not valid JSON$|, ".*"\.\.\. is not valid JSON$/s, ' is not valid JSON');
}

/**
 * Parses a model's answer and validates it against `schema`. The error, when there is one, is written
 * for the model: it is appended to the conversation for the one retry.
 */
export function checkJsonAnswer<T>(answer: string, schema: z.ZodType<T>): AnswerCheck<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText(answer));
  } catch (error) {
    return { ok: false, error: `The answer is not valid JSON (${withoutQuotedText(error)}).` };
  }
  const result = schema.safeParse(parsed);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: `The JSON does not match the schema: ${issues}.` };
}
