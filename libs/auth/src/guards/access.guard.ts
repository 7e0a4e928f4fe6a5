import { type CanActivate, type ExecutionContext, Injectable, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  insufficientRole,
  IS_PUBLIC,
  Principal,
  ProblemException,
  RequestContext,
  type Role,
  roleAtLeast,
  thenOrNow,
} from '@quorum/platform';
import { TenantsService } from '@quorum/tenants';
import type { Request } from 'express';
import { explainTokenFailure } from '../tokens/auth-problem';
import { JwtStrategy } from '../tokens/jwt.strategy';
import { declaredRole, defaultRole } from './required-role';
import { strategyRunner, type StrategyOutcome } from './strategy-runner';

/** What a route's decorators say about access, read once per route: public, or the role it asks for (if it names one). */
interface RouteAccess {
  isPublic: boolean;
  role?: Role;
}

/**
 * The one global gate (APP_GUARD): every route needs a valid access token
 * unless marked @Public(). Then, in order: the tenant's IP allowlist, and the
 * role (@Roles on the handler wins over the class; by default reads need
 * viewer and writes need member).
 *
 * The token is checked by the passport-jwt strategy (JwtStrategy, registered
 * with @nestjs/passport), run straight through its actions rather than through
 * passport.authenticate's per-request middleware (see strategyRunner).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly authenticate: (req: Request) => StrategyOutcome | Promise<StrategyOutcome>;
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantsService,
    strategy: JwtStrategy,
  ) {
    this.authenticate = strategyRunner(strategy);
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    // Socket.IO authenticates at the handshake, in the gateway.
    if (context.getType() !== 'http') return true;
    const route = this.accessOf(context.getHandler(), context.getClass());
    if (route.isPublic) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Without a promise when the session and the tenant's allowlist are in this instance's cache (the
    // common case without Redis): Nest takes a guard's boolean as it is, and every promise costs.
    return thenOrNow(this.authenticate(req), (outcome) => this.admit(req, route, outcome));
  }

  private admit(req: AuthenticatedRequest, route: RouteAccess, outcome: StrategyOutcome): boolean | Promise<boolean> {
    const principal = verified(outcome);
    req.user = principal;
    RequestContext.setPrincipal(principal);
    req.logContext = { userId: principal.userId, tenantId: principal.tenantId };
    return thenOrNow(this.tenants.assertIpAllowed(principal.tenantId, req.ip), () => hasRole(req, route, principal));
  }

  private accessOf(handler: object, controller: object): RouteAccess {
    let byController = this.routes.get(handler);
    if (!byController) this.routes.set(handler, (byController = new WeakMap()));
    let access = byController.get(controller);
    if (!access) {
      access = {
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler as Type<unknown>, controller as Type<unknown>])),
        role: declaredRole(this.reflector, handler, controller),
      };
      byController.set(controller, access);
    }
    return access;
  }
}

type AuthenticatedRequest = Request & { user?: Principal; logContext?: object };

/** True when the principal holds the route's role (by default: viewer to read, member to write); 403 otherwise. */
function hasRole(req: Request, route: RouteAccess, principal: Principal): true {
  const minimum = route.role ?? defaultRole(req.method);
  if (!roleAtLeast(principal.role, minimum)) throw insufficientRole(minimum, principal.role);
  return true;
}

/** The principal the strategy proved, or the precise 401 for why there is none (instead of a bare Unauthorized). */
function verified({ error, user, info }: StrategyOutcome): Principal {
  if (error instanceof ProblemException) throw error;
  if (error || !user) throw explainTokenFailure(error ?? info);
  return user as Principal;
}
