import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { type FieldError } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import { INPUT_LIMITS, type InputViolation, RAW_JSON_MAX_DEPTH, screenInput } from './input-screen';
import { jsonNestingExceeds } from './json-nesting';
import { validationFailed } from '../errors/problems';

/** Flattens class-validator's tree into `{field, message}` pairs with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // class-validator starts messages with the bare property name ("property x" for unknown ones); use the full path instead.
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(new RegExp(`^(property )?${escapeRegExp(error.property)} `), `${field} `),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The 400 for input that must not reach validation: too deep or large, NUL, lone surrogates, prototype keys. */
export function inputProblem(violation: InputViolation, what = 'The request'): ProblemException {
  const complex = violation.kind === 'too-deep' || violation.kind === 'too-many-values';
  return new ProblemException({
    status: 400,
    slug: complex ? 'input-too-complex' : 'validation-failed',
    title: complex ? 'Input too complex' : 'Validation failed',
    detail: complex
      ? `${what} is refused before validation: ${violation.message}.`
      : `${what} has 1 invalid field: ${violation.field || 'the input'}.`,
    errors: [{ field: violation.field, message: violation.message }],
  });
}

/**
 * A body parser `verify` hook: refuses JSON nested far deeper than the
 * screen allows before JSON.parse spends a quarter of a second on a megabyte
 * of brackets (see RAW_JSON_MAX_DEPTH).
 */
export function refuseDeeplyNestedJson(_req: unknown, _res: unknown, body: Buffer): void {
  if (jsonNestingExceeds(body, RAW_JSON_MAX_DEPTH)) {
    throw inputProblem({ kind: 'too-deep', field: '', message: `the body is nested more than ${INPUT_LIMITS.maxDepth} levels deep` });
  }
}

/**
 * Screens every argument (body, query, params, Socket.IO payloads) before
 * class-transformer and class-validator see it, so no shape of input can
 * overflow their recursion, smuggle a prototype key past the whitelist, or
 * carry a NUL or lone surrogate to PostgreSQL or a validator.
 */
class ScreeningValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const root = metadata.type === 'body' || metadata.type === 'query' ? '' : (metadata.data ?? '');
    const { violation } = screenInput(value, root);
    if (violation) throw inputProblem(violation);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Unknown fields are rejected, not silently dropped, so typos in a client surface at once. */
export function createValidationPipe(): ValidationPipe {
  return new ScreeningValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}
