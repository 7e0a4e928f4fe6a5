import { Param, ParseUUIDPipe } from '@nestjs/common';
import { validationFailed } from '../errors/problems';

/** A path parameter that must be a UUID: 400 with a clear message, never a database error. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        validationFailed([{ field: name, message: `${name} must be a UUID` }], `Path parameter "${name}" must be a UUID.`),
    }),
  );
