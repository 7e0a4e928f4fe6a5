import { validationFailed } from '../errors/problems';

/** The longest period a report route takes: two years, as far as its queries stay cheap. */
export const MAX_PERIOD_MS = 2 * 366 * 86_400_000;

/**
 * Checks a report's period [from, to) once its defaults are filled in: 400 `validation-failed` on `from` when it
 * does not come before `to`, or when the period spans more than two years. One wording for every report route.
 */
export function assertPeriod(from: Date, to: Date): void {
  if (from >= to) throw validationFailed([{ field: 'from', message: 'from must be before to' }], 'from must be before to.');
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS)
    throw validationFailed(
      [{ field: 'from', message: 'the period from..to may span at most two years' }],
      'The period may span at most two years.',
    );
}
