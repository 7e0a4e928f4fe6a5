import type { Type } from '@nestjs/common';
import { type Reflector } from '@nestjs/core';
import { MIN_ROLE, type Role } from '@quorum/platform';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The role a route's @Roles names, if any: the handler's, else the
 * controller's, so a controller-wide rule can be relaxed or tightened per
 * route. Without one, a route takes its method's default (defaultRole).
 * AccessGuard reads it once per route.
 */
export function declaredRole(reflector: Reflector, handler: object, controller: object): Role | undefined {
  return reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, [handler as Type<unknown>, controller as Type<unknown>]);
}

/** Without @Roles: viewer for reads, member for writes, so viewers never write by omission. */
export function defaultRole(method: string): Role {
  return READ_METHODS.has(method.toUpperCase()) ? 'viewer' : 'member';
}
