import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

const isSet = (value: unknown) => value !== undefined && value !== null;

/** A non-null value here excludes non-null values in `others`: two ways of saying the same thing must not disagree. */
export function ExcludesFields(others: string[], options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'excludesFields',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: others,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          !isSet(value) || (args.constraints as string[]).every((other) => !isSet((args.object as Record<string, unknown>)[other])),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} cannot be combined with ${(args.constraints as string[]).join(' or ')}`,
      },
    });
}
