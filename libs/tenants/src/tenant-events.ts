import type { Role } from '@quorum/platform';

/** Published after commit whenever a user's role in a tenant changes or ends (role null). */
export const MEMBERSHIP_CHANGED = 'membership.changed';

export interface MembershipChangedEvent {
  tenantId: string;
  userId: string;
  role: Role | null;
}

declare module '@quorum/platform' {
  interface DomainEventMap {
    'membership.changed': MembershipChangedEvent;
  }
}
