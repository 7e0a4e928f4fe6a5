import { type Principal, RequestContext, type Role } from '@quorum/platform';

/** Rule actions run under a session id that counts how deep in a cascade of rules (an action whose event fires a rule…) they are. */
const SESSION = /^rules:(\d+)$/;
/** Events made this many rule actions deep trigger no more rules: two rules that undo each other cannot loop. */
export const MAX_RULE_CASCADE = 3;

export function rulePrincipal(tenantId: string, userId: string, role: Role, depth: number): Principal {
  return { tenantId, userId, role, sessionId: `rules:${depth}` };
}

/** How many rule actions deep the current work is: 0 for a person's request. */
export function ruleCascadeDepth(principal: Principal | undefined = RequestContext.principal()): number {
  const match = principal ? SESSION.exec(principal.sessionId) : null;
  return match ? Number(match[1]) : 0;
}
