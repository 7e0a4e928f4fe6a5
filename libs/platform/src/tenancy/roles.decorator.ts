import { SetMetadata } from '@nestjs/common';
import type { Role } from './request-context';

export const MIN_ROLE = 'quorum:minRole';

/**
 * The lowest role allowed on a route or controller (owner > admin > member > viewer);
 * the handler's wins over the class's. Without it, reads need `viewer` and
 * writes need `member`, so viewers can never write by omission.
 */
export const Roles = (minimum: Role): MethodDecorator & ClassDecorator => SetMetadata(MIN_ROLE, minimum);
