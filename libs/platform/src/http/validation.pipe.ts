import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';

/** Flattens class-validator's tree into `{field, message}` pairs with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // class-validator starts messages with the bare property name ("property x" for unknown ones); use the full path instead.
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(new RegExp(`^(property )?${escapeRegExp(error.property)} `), `${field} `) }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Unknown fields are rejected, not silently dropped, so typos in a client surface at once. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new ProblemException({
        status: 400,
        slug: 'validation-failed',
        title: 'Validation failed',
        detail: `The request has ${fieldErrors.length} invalid field${fieldErrors.length === 1 ? '' : 's'}: ${fieldErrors.map((e) => e.field).filter((f, i, all) => all.indexOf(f) === i).join(', ')}.`,
        errors: fieldErrors,
      });
    },
  });
}
