import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { type FieldError } from '../errors/problem';
import { inputProblem, screenInput } from './input-screen';
import { cacheValidationMetadata } from './validation-metadata-cache';
import { validationFailed } from '../errors/problems';

/**
 * class-validator's own wording where it speaks of JavaScript rather than of the request: a date field given
 * something that is not a date is "a Date instance" to it, which a client cannot act on.
 */
const CLIENT_WORDING: Partial<Record<string, (field: string) => string>> = {
  isDate: (field) => `${field} must be a date-time in ISO 8601 form, such as 2026-01-31T09:30:00Z`,
  // "each value in nested property streams must be either object or array", for `"streams": ["events"]`.
  nestedValidation: (field) => `${field} must be an object`,
};

/**
 * Flattens class-validator's tree into `{field, message}` pairs with dotted paths. A field that is missing fails
 * every rule it has ("must be an array", "must contain at least 1 elements", "elements must be unique"…): it gets one
 * line saying it is required instead. (Values are read here, never sent: the pairs hold only fields and messages.)
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.value === undefined && Object.keys(error.constraints ?? {}).length > 0) return [{ field, message: `${field} is required` }];
    // class-validator starts messages with the bare property name ("property x" for unknown ones); use the full path instead.
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message:
        CLIENT_WORDING[constraint]?.(field) ?? message.replace(new RegExp(`^(property )?${escapeRegExp(error.property)} `), `${field} `),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Screens every argument (body, query, params, Socket.IO payloads) before
 * class-transformer and class-validator see it, so no shape of input can
 * overflow their recursion, smuggle a prototype key past the whitelist, or
 * carry a NUL or lone surrogate to PostgreSQL or a validator.
 */
class ScreeningValidationPipe extends ValidationPipe {
  // Not async: Nest awaits what a pipe returns, and a wrapper promise per argument would be one more for nothing.
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const root = metadata.type === 'body' || metadata.type === 'query' ? '' : (metadata.data ?? '');
    const { violation } = screenInput(value, root);
    if (violation) return Promise.reject(inputProblem(violation));
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Unknown fields are rejected, not silently dropped, so typos in a client surface at once. */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata(getMetadataStorage());
  return new ScreeningValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The value stays in class-validator's errors so that a missing field can be told from a wrong one; no value is sent.
    validationError: { target: false, value: true },
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}
