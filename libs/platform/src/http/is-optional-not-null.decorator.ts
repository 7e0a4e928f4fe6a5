import { ValidateIf } from 'class-validator';

/**
 * Optional but not nullable: absent leaves the value as it is, while null is
 * validated (and rejected) like any other value. `@IsOptional` would let null
 * through to a NOT NULL column, where it becomes a 422 naming no field.
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
