import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  decodeCursor,
  insufficientRole,
  Page,
  PageQueryDto,
  ProblemException,
  RequestContext,
  Role,
  roleAtLeast,
  TenantRepository,
  toPage,
} from '@quorum/platform';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from './audit/audit.service';
import { MemberDto } from './dto/member.dto';
import { Membership } from './entities/membership.entity';
import { MEMBERSHIP_CHANGED, MembershipChangedEvent } from './tenant-events';

/** Who belongs to the current tenant, and the rules for changing that. */
@Injectable()
export class MembersService {
  private readonly memberships: TenantRepository<Membership>;

  constructor(
    @InjectRepository(Membership) repository: Repository<Membership>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {
    this.memberships = new TenantRepository(repository, 'Member');
  }

  async list(query: PageQueryDto): Promise<Page<MemberDto>> {
    const limit = query.limit ?? 20; // the default PageQueryDto documents in the OpenAPI
    const qb = this.memberships
      .query('m')
      .leftJoinAndSelect('m.user', 'user')
      .orderBy('m.createdAt', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .take(limit + 1);
    if (query.cursor) {
      const { value, id } = decodeCursor(query.cursor, 'timestamp');
      qb.andWhere('(m.createdAt, m.id) > (:after, :afterId)', { after: value, afterId: id });
    }
    return toPage(await qb.getMany(), limit, (row) => ({ value: row.createdAt.toISOString(), id: row.id }), MemberDto.from);
  }

  async get(userId: string): Promise<Membership> {
    const membership = await this.memberships.findOne({ where: { userId }, relations: { user: true } });
    if (!membership) throw new ProblemException({ status: 404, detail: `User ${userId} is not a member of this tenant.` });
    return membership;
  }

  async changeRole(userId: string, role: Role): Promise<MemberDto> {
    const caller = RequestContext.principal()!;
    const membership = await this.get(userId);
    // Only owners hand out or take away ownership; admins manage everyone else. Checked before the
    // no-change shortcut, so an admin never gets a 200 for an owner's role.
    if ((role === 'owner' || membership.role === 'owner') && caller.role !== 'owner') {
      throw insufficientRole('owner', caller.role, 'Only an owner can grant or remove the owner role.');
    }
    if (membership.role === role) return MemberDto.from(membership);
    const previous = membership.role;
    await this.dataSource.transaction(async (manager) => {
      if (previous === 'owner') await this.assertNotLastOwner(userId, manager);
      membership.role = role;
      await this.memberships.withManager(manager).save(membership);
      await this.audit.record(
        { action: 'member.role_changed', entityType: 'membership', entityId: userId, metadata: { from: previous, to: role } },
        manager,
      );
    });
    await this.emitChanged({ tenantId: membership.tenantId, userId, role });
    return MemberDto.from(membership);
  }

  async remove(userId: string): Promise<void> {
    const caller = RequestContext.principal()!;
    const leaving = userId === caller.userId;
    // Checked before the lookup, so a viewer or member gets the same 403 for any id, as on every other admin route.
    if (!leaving && !roleAtLeast(caller.role, 'admin'))
      throw insufficientRole('admin', caller.role, 'Only admins can remove other members.');
    const membership = await this.get(userId);
    if (!leaving && membership.role === 'owner' && caller.role !== 'owner')
      throw insufficientRole('owner', caller.role, 'Only an owner can remove an owner.');
    await this.dataSource.transaction(async (manager) => {
      if (membership.role === 'owner') await this.assertNotLastOwner(userId, manager);
      await this.memberships.withManager(manager).remove(membership);
      await this.audit.record(
        {
          action: leaving ? 'member.left' : 'member.removed',
          entityType: 'membership',
          entityId: userId,
          metadata: { role: membership.role },
        },
        manager,
      );
    });
    await this.emitChanged({ tenantId: membership.tenantId, userId, role: null });
  }

  /** A tenant always keeps an owner; the row lock makes two concurrent demotions of the last two owners safe. */
  private async assertNotLastOwner(userId: string, manager: EntityManager): Promise<void> {
    const owners = await this.memberships
      .withManager(manager)
      .query('m')
      .andWhere('m.role = :role', { role: 'owner' })
      .setLock('pessimistic_write')
      .getMany();
    if (owners.every((owner) => owner.userId === userId)) {
      throw new ProblemException({
        status: 409,
        slug: 'last-owner',
        title: 'Last owner',
        detail: 'A tenant must keep at least one owner; make someone else owner first.',
      });
    }
  }

  private async emitChanged(event: MembershipChangedEvent): Promise<void> {
    await this.events.emitAsync(MEMBERSHIP_CHANGED, event);
  }
}
