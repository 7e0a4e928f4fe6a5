import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { ProblemException, Role, TenantRepository } from '@quorum/platform';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { AuditService } from './audit/audit.service';
import { CreateInvitationDto } from './dto/create-invitation.dto';
import { InvitationDto } from './dto/invitation.dto';
import { Invitation } from './entities/invitation.entity';
import { Membership } from './entities/membership.entity';
import { TenantsService } from './tenants.service';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

@Injectable()
export class InvitationsService {
  private readonly invitations: TenantRepository<Invitation>;

  constructor(
    @InjectRepository(Invitation) repository: Repository<Invitation>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsService,
    private readonly audit: AuditService,
  ) {
    this.invitations = new TenantRepository(repository, 'Invitation');
  }

  async create(dto: CreateInvitationDto, invitedBy: string): Promise<InvitationDto> {
    const existing = await this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin('m.user', 'u')
      .where('m.tenantId = :tenantId AND u.email = :email', { tenantId: this.invitations.tenantId, email: dto.email })
      .getCount();
    if (existing)
      throw new ProblemException({
        status: 409,
        slug: 'already-member',
        title: 'Already a member',
        detail: `${dto.email} is already a member of this tenant.`,
      });
    const token = randomBytes(32).toString('base64url');
    const invitation = this.invitations.create({
      email: dto.email,
      role: dto.role,
      tokenHash: hashToken(token),
      invitedBy,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      acceptedAt: null,
    });
    await this.dataSource.transaction(async (manager) => {
      await this.invitations.withManager(manager).save(invitation);
      await this.audit.record(
        { action: 'invitation.created', entityType: 'invitation', entityId: invitation.id, metadata: { email: dto.email, role: dto.role } },
        manager,
      );
    });
    return { id: invitation.id, email: invitation.email, role: invitation.role, token, expiresAt: invitation.expiresAt };
  }

  /**
   * Redeems an invitation for a newly registered user, inside the
   * registration's transaction. The row lock makes the token single-use even
   * when two registrations race with it.
   */
  async accept(token: string, email: string, userId: string, manager: EntityManager): Promise<{ tenantId: string; role: Role }> {
    const invitation = await manager
      .getRepository(Invitation)
      .findOne({ where: { tokenHash: hashToken(token), acceptedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
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
    if (await manager.getRepository(Membership).existsBy({ tenantId: invitation.tenantId, userId })) {
      throw new ProblemException({
        status: 409,
        slug: 'already-member',
        title: 'Already a member',
        detail: 'You are already a member of the inviting tenant.',
      });
    }
    invitation.acceptedAt = new Date();
    await manager.getRepository(Invitation).save(invitation);
    await this.tenants.addMember(invitation.tenantId, userId, invitation.role, manager);
    await this.audit.record(
      {
        action: 'invitation.accepted',
        tenantId: invitation.tenantId,
        actorUserId: userId,
        entityType: 'invitation',
        entityId: invitation.id,
        metadata: { email, role: invitation.role },
      },
      manager,
    );
    return { tenantId: invitation.tenantId, role: invitation.role };
  }
}
