import { Injectable } from '@nestjs/common';
import { InjectTenantRepository, TenantRepository, Transactions } from '@quorum/platform';
import { type DeepPartial, IsNull } from 'typeorm';
import { Invitation } from './entities/invitation.entity';

/** Invitations: created in the current tenant, redeemed by token from outside any tenant. */
@Injectable()
export class InvitationsRepository {
  constructor(
    @InjectTenantRepository(Invitation) private readonly invitations: TenantRepository<Invitation>,
    private readonly transactions: Transactions,
  ) {}

  /** A new invitation of the current tenant. */
  insert(data: DeepPartial<Invitation>): Promise<Invitation> {
    return this.invitations.save(this.invitations.create(data));
  }

  /**
   * The unused invitation with this token hash, of whichever tenant, locked
   * until the transaction ends: the lock makes a token single-use even when
   * two registrations race with it.
   */
  findOpenForUpdate(tokenHash: string): Promise<Invitation | null> {
    return this.transactions.manager
      .getRepository(Invitation)
      .findOne({ where: { tokenHash, acceptedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  /** Marks a redeemed invitation used (it belongs to the inviting tenant, not the caller's). */
  async markAccepted(invitation: Invitation): Promise<void> {
    invitation.acceptedAt = new Date();
    await this.invitations.forTenant(invitation.tenantId).save(invitation);
  }
}
