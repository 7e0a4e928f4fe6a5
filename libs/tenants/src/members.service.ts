import { Injectable } from '@nestjs/common';
import {
  domainEvent,
  DomainEvents,
  insufficientRole,
  notFound,
  Page,
  PageQueryDto,
  ProblemException,
  RequestContext,
  Role,
  roleAtLeast,
  Transactions,
} from '@quorum/platform';
import { AuditService } from './audit/audit.service';
import { MemberDto } from './dto/member.dto';
import { Membership } from './entities/membership.entity';
import { MembershipsRepository } from './memberships.repository';
import { MEMBERSHIP_CHANGED, MembershipChangedEvent } from './tenant-events';

/** Who belongs to the current tenant, and the rules for changing that. */
@Injectable()
export class MembersService {
  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  list(query: PageQueryDto): Promise<Page<MemberDto>> {
    return this.memberships.page(query, MemberDto.from);
  }

  async get(userId: string): Promise<Membership> {
    const membership = await this.memberships.findByUser(userId);
    if (!membership) throw notFound(`User ${userId} is not a member of this tenant.`);
    return membership;
  }

  async changeRole(userId: string, role: Role): Promise<MemberDto> {
    const caller = RequestContext.caller();
    const membership = await this.get(userId);
    // Only owners hand out or take away ownership; admins manage everyone else. Checked before the
    // no-change shortcut, so an admin never gets a 200 for an owner's role.
    if ((role === 'owner' || membership.role === 'owner') && caller.role !== 'owner') {
      throw insufficientRole('owner', caller.role, 'Only an owner can grant or remove the owner role.');
    }
    if (membership.role === role) return MemberDto.from(membership);
    const previous = membership.role;
    await this.transactions.run(async () => {
      if (previous === 'owner') await this.assertNotLastOwner(userId);
      membership.role = role;
      await this.memberships.save(membership);
      await this.audit.record({
        action: 'member.role_changed',
        entityType: 'membership',
        entityId: userId,
        metadata: { from: previous, to: role },
      });
      await this.announce({ tenantId: membership.tenantId, userId, role });
    });
    return MemberDto.from(membership);
  }

  async remove(userId: string): Promise<void> {
    const caller = RequestContext.caller();
    const leaving = userId === caller.userId;
    // Checked before the lookup, so a viewer or member gets the same 403 for any id, as on every other admin route.
    if (!leaving && !roleAtLeast(caller.role, 'admin'))
      throw insufficientRole('admin', caller.role, 'Only admins can remove other members.');
    const membership = await this.get(userId);
    if (!leaving && membership.role === 'owner' && caller.role !== 'owner')
      throw insufficientRole('owner', caller.role, 'Only an owner can remove an owner.');
    await this.transactions.run(async () => {
      if (membership.role === 'owner') await this.assertNotLastOwner(userId);
      await this.memberships.remove(membership);
      await this.audit.record({
        action: leaving ? 'member.left' : 'member.removed',
        entityType: 'membership',
        entityId: userId,
        metadata: { role: membership.role },
      });
      await this.announce({ tenantId: membership.tenantId, userId, role: null });
    });
  }

  /** A tenant always keeps an owner; the row lock makes two concurrent demotions of the last two owners safe. */
  private async assertNotLastOwner(userId: string): Promise<void> {
    const owners = await this.memberships.ownersForUpdate();
    if (owners.every((owner) => owner.userId === userId)) {
      throw new ProblemException({
        status: 409,
        slug: 'last-owner',
        title: 'Last owner',
        detail: 'A tenant must keep at least one owner; make someone else owner first.',
      });
    }
  }

  /** Told after the change commits: the user's sessions in the tenant end (auth listens). */
  private async announce(event: MembershipChangedEvent): Promise<void> {
    await this.events.publish(
      domainEvent({
        type: MEMBERSHIP_CHANGED,
        tenantId: event.tenantId,
        entityId: event.userId,
        version: 0,
        actorUserId: RequestContext.actorUserId(),
        data: event,
      }),
    );
  }
}
