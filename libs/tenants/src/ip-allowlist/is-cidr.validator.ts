import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parseCidr } from './cidr';

/** An IPv4 or IPv6 CIDR such as 10.0.0.0/8 or 2001:db8::/32 (a bare address is a /32 or /128). */
export function IsCidr(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCidr',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseCidr(value) !== undefined,
        defaultMessage: () => '$property must contain IPv4 or IPv6 CIDRs such as 10.0.0.0/8 or 2001:db8::/32',
      },
    },
    options,
  );
}
