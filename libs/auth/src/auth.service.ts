import { Injectable } from '@nestjs/common';
import {
  type DomainEventOf,
  notFound,
  OnDomainEvent,
  ProblemException,
  RequestContext,
  Role,
  Transactions,
  validationFailed,
} from '@quorum/platform';
import { AuditService, InvitationsService, MEMBERSHIP_CHANGED, Tenant, TenantsService } from '@quorum/tenants';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { MeDto } from './dto/me.dto';
import { RegisterDto } from './dto/register.dto';
import { SwitchTenantDto } from './dto/switch-tenant.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { UserDto } from './dto/user.dto';
import { User } from './entities/user.entity';
import { LoginThrottle } from './login-throttle.service';
import { checkPassword, PasswordHasher } from './passwords';
import { ClientInfo, IssuedSession, SessionsService } from './sessions/sessions.service';
import { AccessTokenService } from './tokens/access-token.service';
import { UsersRepository } from './users.repository';

const INVALID_CREDENTIALS = 'The email or password is incorrect.';

/** Registration, login, token refresh and the account's own settings. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: AccessTokenService,
    private readonly tenants: TenantsService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
  ) {}

  async register(dto: RegisterDto, client: ClientInfo): Promise<TokenResponseDto> {
    assertPasswordPolicy('password', dto.password, dto);
    const passwordHash = await this.hasher.hash(dto.password);
    const { user, tenant, role, issued } = await this.transactions.run(async () => {
      if (await this.users.existsByEmail(dto.email)) {
        throw new ProblemException({
          status: 409,
          slug: 'already-exists',
          title: 'Already exists',
          detail: 'An account with this email already exists; log in instead.',
          errors: [{ field: 'email', message: 'email is already registered' }],
        });
      }
      const user = await this.users.insert({ email: dto.email, name: dto.name, passwordHash });
      let tenantId: string;
      let role: Role;
      if (dto.invitationToken) {
        ({ tenantId, role } = await this.invitations.accept(dto.invitationToken, dto.email, user.id));
      } else {
        tenantId = (await this.tenants.createWithOwner(dto.tenantName ?? `${dto.name}'s team`, user.id)).id;
        role = 'owner';
      }
      const tenant = await this.tenants.byId(tenantId);
      const issued = await this.sessions.create(user.id, tenantId, client);
      await this.audit.record({
        action: 'auth.registered',
        tenantId,
        actorUserId: user.id,
        entityType: 'user',
        entityId: user.id,
        metadata: { invited: !!dto.invitationToken },
      });
      return { user, tenant, role, issued };
    });
    return this.respond(user, tenant, role, issued);
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<TokenResponseDto> {
    const guess = await this.throttle.begin(dto.email, client.ip);
    const user = await this.users.findByEmailWithPassword(dto.email);
    // An unknown email costs the same hashing time as a wrong password, so timing does not reveal which accounts exist.
    const valid = user ? await this.hasher.verify(dto.password, user.passwordHash) : await this.hasher.verifyAgainstDummy(dto.password);
    if (!user || !valid) {
      if (user) await this.auditLoginFailure(user, dto.tenantId);
      throw new ProblemException({ status: 401, slug: 'invalid-credentials', title: 'Invalid credentials', detail: INVALID_CREDENTIALS });
    }
    await guess.succeeded();
    const membership = dto.tenantId
      ? await this.tenants.membershipOf(user.id, dto.tenantId)
      : (await this.tenants.membershipsOfUser(user.id))[0];
    if (!membership?.tenant) {
      throw new ProblemException({
        status: 403,
        slug: 'no-membership',
        title: 'No membership',
        detail: dto.tenantId
          ? `You are not a member of tenant ${dto.tenantId}.`
          : 'Your account does not belong to any tenant any more; ask for an invitation.',
      });
    }
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.setPasswordHash(user.id, await this.hasher.hash(dto.password), false);
    }
    await this.tenants.assertIpAllowed(membership.tenantId, client.ip);
    const issued = await this.transactions.run(async () => {
      const created = await this.sessions.create(user.id, membership.tenantId, client);
      await this.audit.record({
        action: 'auth.login.succeeded',
        tenantId: membership.tenantId,
        actorUserId: user.id,
        entityType: 'session',
        entityId: created.session.id,
      });
      return created;
    });
    return this.respond(user, membership.tenant, membership.role, issued);
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenResponseDto> {
    const issued = await this.sessions.rotate(refreshToken, client);
    const { session } = issued;
    const membership = await this.tenants.membershipOf(session.userId, session.tenantId);
    if (!membership?.tenant) {
      await this.sessions.revokeForMembership(session.userId, session.tenantId, 'membership_ended');
      throw new ProblemException({ status: 401, slug: 'unauthorized', detail: 'You are no longer a member of this tenant. Log in again.' });
    }
    await this.tenants.assertIpAllowed(session.tenantId, client.ip);
    const user = await this.users.getById(session.userId);
    return this.respond(user, membership.tenant, membership.role, issued);
  }

  async logout(): Promise<void> {
    await this.sessions.revokeOwn(RequestContext.caller().sessionId, 'logout');
  }

  async me(): Promise<MeDto> {
    const principal = RequestContext.caller();
    const user = await this.users.getById(principal.userId);
    const memberships = await this.tenants.membershipsOfUser(principal.userId);
    const tenants = memberships.map((m) => ({ id: m.tenantId, name: m.tenant?.name ?? '', role: m.role }));
    const current = tenants.find((t) => t.id === principal.tenantId) ?? { id: principal.tenantId, name: '', role: principal.role };
    return { user: UserDto.from(user), tenant: current, tenants, sessionId: principal.sessionId };
  }

  async changePassword(dto: ChangePasswordDto, client: ClientInfo): Promise<number> {
    const principal = RequestContext.caller();
    const user = await this.users.getWithPassword(principal.userId);
    // Guessing the current password here is as limited as guessing it at login.
    const guess = await this.throttle.begin(user.email, client.ip);
    if (!(await this.hasher.verify(dto.currentPassword, user.passwordHash))) {
      throw validationFailed([{ field: 'currentPassword', message: 'currentPassword is incorrect' }], 'The current password is incorrect.');
    }
    await guess.succeeded();
    if (dto.newPassword === dto.currentPassword) {
      throw validationFailed(
        [{ field: 'newPassword', message: 'newPassword must differ from currentPassword' }],
        'The new password must differ from the current one.',
      );
    }
    assertPasswordPolicy('newPassword', dto.newPassword, user);
    const passwordHash = await this.hasher.hash(dto.newPassword);
    const revoked = await this.transactions.run(async () => {
      await this.users.setPasswordHash(user.id, passwordHash, true);
      const ended = await this.sessions.revokeAllExcept(user.id, principal.sessionId, 'password_changed');
      await this.audit.record({
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: user.id,
        metadata: { sessionsRevoked: ended.length },
      });
      return ended;
    });
    return revoked.length;
  }

  async switchTenant(dto: SwitchTenantDto): Promise<TokenResponseDto> {
    const principal = RequestContext.caller();
    const membership = await this.tenants.membershipOf(principal.userId, dto.tenantId);
    // Another tenant's id looks exactly like a tenant that does not exist.
    if (!membership?.tenant) throw notFound(`Tenant ${dto.tenantId} was not found among your memberships.`);
    await this.tenants.assertIpAllowed(dto.tenantId, RequestContext.ip());
    const issued = await this.sessions.moveToTenant(principal.sessionId, dto.tenantId);
    await this.audit.record({
      action: 'auth.tenant_switched',
      tenantId: dto.tenantId,
      entityType: 'session',
      entityId: principal.sessionId,
      metadata: { from: principal.tenantId },
    });
    const user = await this.users.getById(principal.userId);
    return this.respond(user, membership.tenant, membership.role, issued);
  }

  /** An existing user joins another tenant with an invitation; the session moves there. */
  async acceptInvitation(invitationToken: string): Promise<TokenResponseDto> {
    const user = await this.users.getById(RequestContext.caller().userId);
    const { tenantId } = await this.invitations.accept(invitationToken, user.email, user.id);
    return this.switchTenant({ tenantId });
  }

  /** A role change or removal ends the user's sessions in that tenant, so no token keeps the old role. */
  @OnDomainEvent(MEMBERSHIP_CHANGED)
  async onMembershipChanged({ data }: DomainEventOf<typeof MEMBERSHIP_CHANGED>): Promise<void> {
    await this.sessions.revokeForMembership(data.userId, data.tenantId, data.role ? 'role_changed' : 'membership_ended');
  }

  private async auditLoginFailure(user: User, tenantId?: string): Promise<void> {
    const membership = tenantId ? await this.tenants.membershipOf(user.id, tenantId) : (await this.tenants.membershipsOfUser(user.id))[0];
    if (membership)
      await this.audit.record({
        action: 'auth.login.failed',
        tenantId: membership.tenantId,
        actorUserId: null,
        entityType: 'user',
        entityId: user.id,
      });
  }

  private async respond(user: User, tenant: Tenant, role: Role, issued: IssuedSession): Promise<TokenResponseDto> {
    const accessToken = await this.tokens.sign({ userId: user.id, tenantId: tenant.id, role, sessionId: issued.session.id });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.tokens.ttlSeconds,
      refresh_token: issued.refreshToken,
      user: UserDto.from(user),
      tenant: { id: tenant.id, name: tenant.name, role },
    };
  }
}

function assertPasswordPolicy(field: string, password: string, context: { email?: string; name?: string }): void {
  const violations = checkPassword(password, context);
  if (violations.length) {
    throw new ProblemException({
      status: 400,
      slug: 'weak-password',
      title: 'Password does not meet the policy',
      detail: `The password ${violations.join('; ')}.`,
      errors: violations.map((message) => ({ field, message: `${field} ${message}` })),
    });
  }
}
