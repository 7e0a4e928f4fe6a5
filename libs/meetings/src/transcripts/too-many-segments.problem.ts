import { type FieldError, ProblemException } from '@quorum/platform';
import { MAX_TRANSCRIPT_SEGMENTS } from './formats';

/**
 * The one answer for a transcript that would pass MAX_TRANSCRIPT_SEGMENTS,
 * whether a file import or an append would take it there: 422, because the
 * request is well-formed and only its effect is refused; `maxSegments` names
 * the cap so a client need not parse the detail.
 */
export function tooManySegments(init: { detail: string; errors?: FieldError[]; extensions?: Record<string, unknown> }): ProblemException {
  return new ProblemException({
    status: 422,
    slug: 'too-many-segments',
    title: 'Too many segments',
    detail: init.detail,
    errors: init.errors,
    extensions: { maxSegments: MAX_TRANSCRIPT_SEGMENTS, ...init.extensions },
  });
}
