import { Reflector } from '@nestjs/core';
import { Roles } from '@quorum/platform';
import { requiredRole } from './required-role';

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
});
