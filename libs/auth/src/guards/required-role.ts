import type { ExecutionContext, Type } from '@nestjs/common';
import { type Reflector } from '@nestjs/core';
import { MIN_ROLE, type Role } from '@quorum/platform';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The lowest role a route accepts: @Roles on the handler, else on the
 * controller, else viewer for reads and member for writes. The handler comes
 * first so a controller-wide rule can be relaxed or tightened per route.
 */
export function requiredRole(
  reflector: Reflector,
  handler: ReturnType<ExecutionContext['getHandler']>,
  controller: Type<unknown>,
  method: string,
): Role {
  return declaredRole(reflector, handler, controller) ?? defaultRole(method);
}

/** The role a route's @Roles names (handler over controller), if any. */
export function declaredRole(reflector: Reflector, handler: object, controller: object): Role | undefined {
  return reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, [handler as Type<unknown>, controller as Type<unknown>]);
}

/** Without @Roles: viewer for reads, member for writes, so viewers never write by omission. */
export function defaultRole(method: string): Role {
  return READ_METHODS.has(method.toUpperCase()) ? 'viewer' : 'member';
}
