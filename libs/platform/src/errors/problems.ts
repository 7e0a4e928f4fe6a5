import type { FieldError } from './problem';
import { ProblemException } from './problem.exception';

/**
 * The problems every module raises, made one way: a client branching on
 * `type` sees the same document whichever route or event produced it.
 */

/** 400 `validation-failed`: `errors` names each broken rule; the detail lists the fields unless given. */
export function validationFailed(errors: FieldError[], detail?: string): ProblemException {
  const fields = [...new Set(errors.map((e) => e.field))];
  return new ProblemException({
    status: 400,
    slug: 'validation-failed',
    title: 'Validation failed',
    detail: detail ?? `The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}: ${fields.join(', ')}.`,
    errors,
  });
}

/** 404 `not-found`, for a resource that does not exist and for another tenant's alike, so existence never leaks. */
export function notFound(detail: string): ProblemException {
  return new ProblemException({ status: 404, detail });
}

/** 403 `insufficient-role`, naming the role the action needs in `requiredRole`; `reason` says why when the rule is not a plain minimum. */
export function insufficientRole(requiredRole: string, actualRole: string, reason?: string): ProblemException {
  return new ProblemException({
    status: 403,
    slug: 'insufficient-role',
    title: 'Insufficient role',
    detail: `${reason ?? `This action needs the ${requiredRole} role or higher.`} You are ${actualRole}.`,
    extensions: { requiredRole },
  });
}

/** 422: a well-formed request whose `field` breaks a rule only the server can check. */
export function unprocessable(field: string, message: string, slug = 'unprocessable-content', title?: string): ProblemException {
  return new ProblemException({ status: 422, slug, title, detail: message, errors: [{ field, message }] });
}
