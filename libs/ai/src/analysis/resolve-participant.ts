import type { ParticipantDto } from '@quorum/meetings';

/** Who an assignee named in a transcript is: a member (userId), an outsider with an address, or just a name. */
export interface ResolvedAssignee {
  assigneeUserId?: string;
  assigneeName?: string;
  assigneeEmail?: string;
}

const normal = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Matches a name as a meeting says it ("Grace", "grace hopper") to one participant: the full name,
 * else a first name that only one participant has. An ambiguous or unknown name stays a name.
 */
export function resolveParticipant(name: string | null, participants: readonly ParticipantDto[]): ResolvedAssignee | null {
  if (!name?.trim()) return null;
  const wanted = normal(name);
  const exact = participants.filter((p) => normal(p.name) === wanted);
  const byFirstName = participants.filter((p) => normal(p.name).split(' ')[0] === wanted);
  const match = exact.length === 1 ? exact[0] : exact.length === 0 && byFirstName.length === 1 ? byFirstName[0] : undefined;
  if (!match) return { assigneeName: name.trim() };
  if (match.userId) return { assigneeUserId: match.userId };
  return { assigneeName: match.name, ...(match.email ? { assigneeEmail: match.email } : {}) };
}
