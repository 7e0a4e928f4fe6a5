import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from '../errors/problem.exception';

/** A path parameter that must be a UUID: 400 with a clear message, never a database error. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new ProblemException({
          status: 400,
          slug: 'validation-failed',
          title: 'Validation failed',
          detail: `Path parameter "${name}" must be a UUID.`,
          errors: [{ field: name, message: `${name} must be a UUID` }],
        }),
    }),
  );
