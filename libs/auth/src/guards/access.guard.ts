import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { insufficientRole, IS_PUBLIC, Principal, ProblemException, RequestContext, roleAtLeast } from '@quorum/platform';
import { TenantsService } from '@quorum/tenants';
import type { Request } from 'express';
import { explainTokenFailure } from '../tokens/auth-problem';
import { requiredRole } from './required-role';

/**
 * The one global gate (APP_GUARD): every route needs a valid access token
 * unless marked @Public(). Then, in order: the tenant's IP allowlist, and the
 * role (@Roles on the handler wins over the class; by default reads need
 * viewer and writes need member).
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantsService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // Socket.IO authenticates at the handshake, in the gateway.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<Request & { user: Principal; logContext?: object }>();
    const principal = req.user;
    RequestContext.setPrincipal(principal);
    req.logContext = { userId: principal.userId, tenantId: principal.tenantId };

    await this.tenants.assertIpAllowed(principal.tenantId, req.ip);

    const minimum = requiredRole(this.reflector, context.getHandler(), context.getClass(), req.method);
    if (!roleAtLeast(principal.role, minimum)) {
      throw insufficientRole(minimum, principal.role);
    }
    return true;
  }

  /** passport reports failures here; turn each into a precise 401 problem instead of a bare Unauthorized. */
  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error instanceof ProblemException) throw error;
    if (error || !user) throw explainTokenFailure(error ?? info);
    return user;
  }
}
