import { Injectable } from '@nestjs/common';
import { ACTION_ITEM_STATUSES, type ActionItemDto, ActionItemsService } from '@quorum/action-items';
import { ProblemException, RequestContext, ROLES } from '@quorum/platform';
import { TenantsService } from '@quorum/tenants';
import { checkFields, fieldChecks, type LocalEntities, type LocalEntity } from './local-entities';

const CHECKS: Record<string, (value: unknown) => string | null> = {
  title: fieldChecks.text(300, false),
  description: fieldChecks.text(10_000, true),
  status: fieldChecks.oneOf(ACTION_ITEM_STATUSES),
  assigneeEmail: fieldChecks.text(254, true),
  assigneeName: fieldChecks.text(200, true),
  dueAt: fieldChecks.instant(true),
};

/**
 * Action items through ActionItemsService. The assignee travels as an e-mail: a member's own address going out, and
 * an address coming in that belongs to a member assigns the member (else the item gets an outside assignee).
 */
@Injectable()
export class ActionItemEntities implements LocalEntities {
  readonly entity = 'action_item';
  readonly fieldNames = ['title', 'description', 'status', 'assigneeEmail', 'assigneeName', 'dueAt'] as const;

  constructor(
    private readonly items: ActionItemsService,
    private readonly tenants: TenantsService,
  ) {}

  check(fields: Record<string, unknown>): string[] {
    return checkFields(CHECKS, fields);
  }

  async get(id: string): Promise<LocalEntity | null> {
    try {
      return (await this.toEntities([await this.items.get(id)]))[0];
    } catch (error) {
      if (error instanceof ProblemException && error.getStatus() === 404) return null;
      throw error;
    }
  }

  async create(fields: Record<string, unknown>): Promise<LocalEntity> {
    const dto = await this.toDto(fields);
    return (
      await this.toEntities([await this.items.create({ ...dto, title: (dto.title as string | undefined) ?? '(untitled)' } as never)])
    )[0];
  }

  async update(id: string, changes: Record<string, unknown>): Promise<LocalEntity> {
    return (await this.toEntities([await this.items.update(id, (await this.toDto(changes)) as never, null)]))[0];
  }

  async removed(): Promise<'cancelled' | 'kept'> {
    // An issue deleted in a tracker says nothing about the work: the item stays as it is.
    return 'kept';
  }

  async changedSince(after: { at: Date; id: string } | null, limit: number): Promise<LocalEntity[]> {
    return this.toEntities(await this.items.changedSince(after, limit));
  }

  private async toEntities(items: ActionItemDto[]): Promise<LocalEntity[]> {
    const userIds = [...new Set(items.flatMap((i) => (i.assigneeUserId ? [i.assigneeUserId] : [])))];
    const members = userIds.length ? await this.tenants.membersOf(RequestContext.caller().tenantId, { userIds }) : [];
    const byUser = new Map(members.map((m) => [m.userId, m.user]));
    return items.map((i) => {
      const member = i.assigneeUserId ? byUser.get(i.assigneeUserId) : undefined;
      return {
        id: i.id,
        updatedAt: i.updatedAt,
        fields: {
          title: i.title,
          description: i.description,
          status: i.status,
          assigneeEmail: member?.email ?? i.assigneeEmail,
          assigneeName: member?.name ?? i.assigneeName,
          dueAt: i.dueAt?.toISOString() ?? null,
        },
      };
    });
  }

  private async toDto(changes: Record<string, unknown>): Promise<Record<string, unknown>> {
    const dto: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(changes)) {
      if (name === 'dueAt') dto.dueAt = value === null ? null : new Date(value as string);
      else if (name !== 'assigneeEmail' && name !== 'assigneeName') dto[name] = value;
    }
    if ('assigneeEmail' in changes || 'assigneeName' in changes) {
      const email = typeof changes.assigneeEmail === 'string' ? changes.assigneeEmail.toLowerCase() : null;
      const member = email
        ? (await this.tenants.membersOf(RequestContext.caller().tenantId, { roles: [...ROLES] })).find((m) => m.user?.email === email)
        : undefined;
      if (member) dto.assigneeUserId = member.userId;
      else if (email || changes.assigneeName) {
        dto.assigneeEmail = email;
        dto.assigneeName = (changes.assigneeName as string | null | undefined) ?? email;
      } else Object.assign(dto, { assigneeUserId: null, assigneeEmail: null, assigneeName: null });
    }
    return dto;
  }
}
