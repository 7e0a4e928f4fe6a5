import { Reflector } from '@nestjs/core';
import { type Role, ROLES, Roles, roleAtLeast } from '@quorum/platform';
import { declaredRole, defaultRole } from './required-role';

/** The lowest role a route accepts, as AccessGuard works it out: the declared role, else the method's default. */
const requiredRole = (reflector: Reflector, handler: object, controller: object, method: string): Role =>
  declaredRole(reflector, handler, controller) ?? defaultRole(method);

@Roles('admin')
class AdminController {
  list(): void {}
  @Roles('viewer')
  leave(): void {}
  @Roles('owner')
  transfer(): void {}
}

class PlainController {
  read(): void {}
  write(): void {}
  @Roles('admin')
  configure(): void {}
}

describe('requiredRole', () => {
  const reflector = new Reflector();

  it('takes the handler’s @Roles over the controller’s, in both directions', () => {
    expect(requiredRole(reflector, AdminController.prototype.leave, AdminController, 'DELETE')).toBe('viewer');
    expect(requiredRole(reflector, AdminController.prototype.transfer, AdminController, 'POST')).toBe('owner');
  });

  it('falls back to the controller’s @Roles', () => {
    expect(requiredRole(reflector, AdminController.prototype.list, AdminController, 'GET')).toBe('admin');
  });

  it('defaults to viewer for reads and member for writes, so viewers never write by omission', () => {
    expect(requiredRole(reflector, PlainController.prototype.read, PlainController, 'GET')).toBe('viewer');
    expect(requiredRole(reflector, PlainController.prototype.read, PlainController, 'HEAD')).toBe('viewer');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(requiredRole(reflector, PlainController.prototype.write, PlainController, method)).toBe('member');
  });

  it('treats OPTIONS as a read, and the method name in any case', () => {
    expect(requiredRole(reflector, PlainController.prototype.read, PlainController, 'OPTIONS')).toBe('viewer');
    expect(requiredRole(reflector, PlainController.prototype.read, PlainController, 'get')).toBe('viewer');
    expect(requiredRole(reflector, PlainController.prototype.write, PlainController, 'delete')).toBe('member');
  });

  it('takes a handler’s @Roles when the controller has none, for reads as for writes', () => {
    expect(requiredRole(reflector, PlainController.prototype.configure, PlainController, 'GET')).toBe('admin');
    expect(requiredRole(reflector, PlainController.prototype.configure, PlainController, 'PUT')).toBe('admin');
  });
});

describe('roleAtLeast', () => {
  // Who passes a route that needs the column's role, written out rather than derived from ROLES' order.
  const PASSES: Record<Role, Role[]> = {
    viewer: ['viewer', 'member', 'admin', 'owner'],
    member: ['member', 'admin', 'owner'],
    admin: ['admin', 'owner'],
    owner: ['owner'],
  };

  it.each(ROLES.flatMap((minimum) => ROLES.map((role) => [role, minimum] as const)))('%s against a route needing %s', (role, minimum) => {
    expect(roleAtLeast(role, minimum)).toBe(PASSES[minimum].includes(role));
  });
});
