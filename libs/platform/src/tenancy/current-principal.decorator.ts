import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Principal, RequestContext } from './request-context';

/** The verified caller (user, tenant, role, session) of an authenticated route. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, _context: ExecutionContext): Principal => {
  const principal = RequestContext.principal();
  if (!principal) throw new Error('@CurrentPrincipal() used on a route without an authenticated principal');
  return principal;
});
