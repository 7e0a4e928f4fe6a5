import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ProblemException, RequestContext, Role, Transactions } from '@quorum/platform';
import { AuditService } from './audit/audit.service';
import { CreateInvitationDto } from './dto/create-invitation.dto';
import { InvitationDto } from './dto/invitation.dto';
import { InvitationsRepository } from './invitations.repository';
import { MembershipsRepository } from './memberships.repository';
import { TenantsService } from './tenants.service';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly transactions: Transactions,
    private readonly tenants: TenantsService,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateInvitationDto): Promise<InvitationDto> {
    const invitedBy = RequestContext.caller().userId;
    if (await this.memberships.hasMemberWithEmail(dto.email))
      throw new ProblemException({
        status: 409,
        slug: 'already-member',
        title: 'Already a member',
        detail: `${dto.email} is already a member of this tenant.`,
      });
    const token = randomBytes(32).toString('base64url');
    const invitation = await this.transactions.run(async () => {
      const saved = await this.invitations.insert({
        email: dto.email,
        role: dto.role,
        tokenHash: hashToken(token),
        invitedBy,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        acceptedAt: null,
      });
      await this.audit.record({
        action: 'invitation.created',
        entityType: 'invitation',
        entityId: saved.id,
        metadata: { email: dto.email, role: dto.role },
      });
      return saved;
    });
    return { id: invitation.id, email: invitation.email, role: invitation.role, token, expiresAt: invitation.expiresAt };
  }

  /**
   * Redeems an invitation for a user, joining the caller's transaction (a
   * registration's) or opening one. The row lock makes the token single-use
   * even when two registrations race with it.
   */
  accept(token: string, email: string, userId: string): Promise<{ tenantId: string; role: Role }> {
    return this.transactions.run(async () => {
      const invitation = await this.invitations.findOpenForUpdate(hashToken(token));
      const invalid = (detail: string) =>
        new ProblemException({
          status: 422,
          slug: 'invalid-invitation',
          title: 'Invalid invitation',
          detail,
          errors: [{ field: 'invitationToken', message: detail }],
        });
      if (!invitation) throw invalid('The invitation token is unknown or has already been used.');
      if (invitation.expiresAt.getTime() < Date.now()) throw invalid('The invitation has expired; ask for a new one.');
      if (invitation.email.toLowerCase() !== email.toLowerCase()) throw invalid('The invitation was sent to a different email address.');
      if (await this.memberships.existsInTenant(userId, invitation.tenantId)) {
        throw new ProblemException({
          status: 409,
          slug: 'already-member',
          title: 'Already a member',
          detail: 'You are already a member of the inviting tenant.',
        });
      }
      await this.invitations.markAccepted(invitation);
      await this.tenants.addMember(invitation.tenantId, userId, invitation.role);
      await this.audit.record({
        action: 'invitation.accepted',
        tenantId: invitation.tenantId,
        actorUserId: userId,
        entityType: 'invitation',
        entityId: invitation.id,
        metadata: { email, role: invitation.role },
      });
      return { tenantId: invitation.tenantId, role: invitation.role };
    });
  }
}
