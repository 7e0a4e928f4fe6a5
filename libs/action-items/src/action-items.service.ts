import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MeetingsService, type MinutesActionItem, MinutesActionItemsRegistry, TranscriptService } from '@quorum/meetings';
import {
  assertVersion,
  domainEvent,
  type DomainEventMap,
  type DomainEventOf,
  DomainEvents,
  Page,
  ProblemException,
  RequestContext,
  Transactions,
  unprocessable,
} from '@quorum/platform';
import { AuditService, TenantsService } from '@quorum/tenants';
import { ActionItemEvents, type ActionItemEventType } from './action-item-events';
import { ActionItemsRepository } from './action-items.repository';
import { ActionItemDto } from './dto/action-item.dto';
import { BulkUpdateActionItemsDto } from './dto/bulk-update-action-items.dto';
import { CreateActionItemDto } from './dto/create-action-item.dto';
import { ListActionItemsQuery } from './dto/list-action-items.query';
import { UpdateActionItemDto } from './dto/update-action-item.dto';
import { applyChanges, applyStatus } from './action-item-changes';
import { type AnalysisActionItem, type AnalysisItemsOutcome, sameTaskKey } from './analysis-action-items';
import { ActionItem } from './entities/action-item.entity';

const RESOURCE = 'The action item';
/** The minutes list at most this many of a meeting's items (a meeting's analysis makes at most 10 a run). */
const MINUTES_ITEMS = 200;

@Injectable()
export class ActionItemsService implements OnModuleInit {
  constructor(
    private readonly items: ActionItemsRepository,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    private readonly tenants: TenantsService,
    private readonly meetings: MeetingsService,
    private readonly transcript: TranscriptService,
    private readonly minutes: MinutesActionItemsRegistry,
  ) {}

  /** The Markdown minutes list the meeting's items as they stand: ticked when done, with who and when. */
  onModuleInit(): void {
    this.minutes.provide((meetingId) => this.minutesOf(meetingId));
  }

  private async minutesOf(meetingId: string): Promise<MinutesActionItem[]> {
    const items = await this.items.ofMeeting(meetingId, MINUTES_ITEMS);
    const userIds = items.flatMap((i) => (i.assigneeUserId ? [i.assigneeUserId] : []));
    const members = userIds.length ? await this.tenants.membersOf(RequestContext.caller().tenantId, { userIds }) : [];
    const names = new Map(members.flatMap((m) => (m.user ? [[m.userId, m.user.name || m.user.email] as const] : [])));
    return items.map((item) => {
      const assignee = (item.assigneeUserId && names.get(item.assigneeUserId)) || item.assigneeName || item.assigneeEmail;
      return {
        title: item.title,
        status: item.status,
        ...(assignee ? { assignee } : {}),
        ...(item.dueAt ? { dueAt: item.dueAt.toISOString().slice(0, 10) } : {}),
      };
    });
  }

  async create(dto: CreateActionItemDto): Promise<ActionItemDto> {
    const principal = RequestContext.caller();
    await this.assertReferences(dto, null);
    const status = dto.status ?? 'open';
    const item = this.items.create({
      title: dto.title,
      description: dto.description ?? null,
      status,
      priority: dto.priority ?? 'medium',
      dueAt: dto.dueAt ?? null,
      completedAt: status === 'done' ? new Date() : null,
      assigneeUserId: dto.assigneeUserId ?? null,
      assigneeName: dto.assigneeName ?? null,
      assigneeEmail: dto.assigneeEmail ?? null,
      meetingId: dto.meetingId ?? null,
      segmentId: dto.segmentId ?? null,
      origin: dto.origin ?? 'manual',
      createdBy: principal.userId,
    });
    assertSegment(item);
    return this.transactions.run(async () => {
      const saved = await this.items.save(item);
      const result = ActionItemDto.from(saved);
      await this.events.publish(event(ActionItemEvents.created, saved, result));
      return result;
    });
  }

  /** Rows changed after a cursor, oldest first, for data sync's push (see the repository's changedSince). */
  async changedSince(after: { at: Date; id: string } | null, limit: number): Promise<ActionItemDto[]> {
    return (await this.items.changedSince(after, limit)).map((row) => ActionItemDto.from(row));
  }

  async get(id: string): Promise<ActionItemDto> {
    return ActionItemDto.from(await this.items.getById(id));
  }

  async update(id: string, dto: UpdateActionItemDto, ifMatch: number | null | undefined): Promise<ActionItemDto> {
    // Existence and version first: another tenant's id must get the same 404 as a missing one, whatever the body says.
    const current = await this.items.getById(id);
    assertVersion(ifMatch, current.version, RESOURCE);
    // Checked before the transaction, so a request never holds a row lock while it waits for a second connection.
    await this.assertReferences(dto, current);
    return this.transactions.run(async () => {
      const item = await this.items.getForUpdate(id);
      assertVersion(ifMatch, item.version, RESOURCE);
      const before = item.version;
      applyChanges(item, dto, new Date());
      assertSegment(item);
      const saved = await this.items.save(item);
      const result = ActionItemDto.from(saved);
      // A PATCH that changes nothing keeps the version, and announcing it again would look like a duplicate.
      if (saved.version !== before) await this.events.publish(event(ActionItemEvents.updated, saved, result));
      return result;
    });
  }

  /**
   * Moves every named item to `status` in one transaction: all or nothing.
   * Items already in that status are left alone (no new version, no event).
   */
  async bulkUpdateStatus(dto: BulkUpdateActionItemsDto): Promise<ActionItemDto[]> {
    return this.transactions.run(async () => {
      // Locked in id order, so two overlapping bulk changes cannot deadlock.
      const found = await this.items.findForUpdate(dto.ids);
      const missing = dto.ids.filter((id) => !found.some((item) => item.id === id));
      if (missing.length) {
        throw new ProblemException({
          status: 404,
          detail: `${missing.length === 1 ? 'Action item' : 'Action items'} ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} not found; nothing was changed.`,
          extensions: { missingIds: missing },
        });
      }
      const updated: ActionItem[] = [];
      for (const item of found) {
        if (item.status === dto.status) continue;
        applyStatus(item, dto.status, new Date());
        updated.push(await this.items.save(item));
      }
      const byId = new Map(found.map((item) => [item.id, ActionItemDto.from(item)]));
      await this.events.publish(...updated.map((item) => event(ActionItemEvents.updated, item, byId.get(item.id)!)));
      return dto.ids.map((id) => byId.get(id)!);
    });
  }

  async remove(id: string, ifMatch: number | null | undefined): Promise<void> {
    await this.transactions.run(async () => {
      const item = await this.items.getForUpdate(id);
      assertVersion(ifMatch, item.version, RESOURCE);
      await this.items.remove(item);
      await this.audit.record({
        action: 'action_item.deleted',
        entityType: 'action_item',
        entityId: id,
        metadata: { title: item.title, status: item.status, meetingId: item.meetingId },
      });
      await this.events.publish(event(ActionItemEvents.deleted, { ...item, version: item.version + 1 }, { id }));
    });
  }

  /**
   * Makes the meeting's AI-made items match what an analysis found, in one transaction. An item nobody
   * has edited since an analysis wrote it (its version is still the one the analysis wrote) is kept as
   * it is when found again, updated in place when found with other details (a due date, an assignee, a
   * priority or wording the transcript now says otherwise: same id, so links and synced copies follow),
   * and deleted when no longer found. Items someone edited are kept whatever this run found. A task
   * already there (same title, or the same source segment) is never added twice.
   * Safe to repeat: a retried job finds its own items and changes nothing.
   */
  async syncFromAnalysis(meetingId: string, found: readonly AnalysisActionItem[]): Promise<AnalysisItemsOutcome> {
    const members = await this.tenants.membersAmong(found.map((item) => item.assigneeUserId).filter((id): id is string => !!id));
    const fieldsOf = (want: AnalysisActionItem) => {
      const assigneeUserId = want.assigneeUserId && members.has(want.assigneeUserId) ? want.assigneeUserId : null;
      return {
        title: want.title.slice(0, 300),
        priority: want.priority,
        dueAt: want.dueAt,
        segmentId: want.segmentId,
        assigneeUserId,
        assigneeName: assigneeUserId ? null : (want.assigneeName?.slice(0, 200) ?? null),
        assigneeEmail: assigneeUserId ? null : (want.assigneeEmail ?? null),
      };
    };
    return this.transactions.run(async () => {
      const existing = await this.items.lockAiItemsOfMeeting(meetingId);
      const wanted = new Map<string, AnalysisActionItem>();
      for (const item of found) if (!wanted.has(sameTaskKey(item.title))) wanted.set(sameTaskKey(item.title), item);
      const covered = (item: ActionItem) =>
        [...wanted.entries()].filter(
          ([key, want]) => key === sameTaskKey(item.title) || (item.segmentId !== null && want.segmentId === item.segmentId),
        );
      const outcome: AnalysisItemsOutcome = { created: 0, kept: 0, updated: 0, removed: 0 };
      const events: DomainEventOf<ActionItemEventType>[] = [];
      for (const item of existing) {
        const matches = covered(item);
        // What it covers is not added again, whatever happens to it.
        for (const [key] of matches) wanted.delete(key);
        if (item.version > (item.analysisVersion ?? 1)) {
          outcome.kept++; // edited by someone: theirs now
          continue;
        }
        if (matches.length === 0) {
          await this.items.remove(item);
          outcome.removed++;
          events.push(event(ActionItemEvents.deleted, { ...item, version: item.version + 1 }, { id: item.id }));
          continue;
        }
        const [, want] = matches.find(([key]) => key === sameTaskKey(item.title)) ?? matches[0];
        const fields = fieldsOf(want);
        const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((name) =>
          name === 'dueAt' ? (item.dueAt?.getTime() ?? null) !== (fields.dueAt?.getTime() ?? null) : item[name] !== fields[name],
        );
        if (changed.length === 0) {
          outcome.kept++;
          continue;
        }
        Object.assign(item, fields);
        // The version this save makes is the analysis's own: the item still counts as nobody's edit.
        item.analysisVersion = item.version + 1;
        const saved = await this.items.save(item);
        outcome.updated++;
        events.push(event(ActionItemEvents.updated, saved, ActionItemDto.from(saved)));
      }
      for (const want of wanted.values()) {
        const saved = await this.items.save(
          this.items.create({
            ...fieldsOf(want),
            description: null,
            status: 'open',
            completedAt: null,
            meetingId,
            origin: 'ai',
            createdBy: null,
            analysisVersion: 1,
          }),
        );
        outcome.created++;
        events.push(event(ActionItemEvents.created, saved, ActionItemDto.from(saved)));
      }
      await this.events.publish(...events);
      return outcome;
    });
  }

  list(query: ListActionItemsQuery): Promise<Page<ActionItemDto>> {
    const { sort = '-createdAt', limit, cursor, ...filters } = query;
    const assignee = filters.assignee === 'me' ? RequestContext.caller().userId : filters.assignee;
    const field = sort.replace('-', '') as 'createdAt' | 'dueAt' | 'priority';
    return this.items.page({ ...filters, assignee }, field, sort.startsWith('-'), { limit, cursor }, ActionItemDto.from);
  }

  /** The meeting and the assignee a change names must be the tenant's; only new references are checked. */
  private async assertReferences(dto: UpdateActionItemDto, current: ActionItem | null): Promise<void> {
    const tenantId = RequestContext.tenantId();
    if (dto.meetingId && dto.meetingId !== current?.meetingId) {
      try {
        await this.meetings.get(dto.meetingId);
      } catch (error) {
        if (error instanceof ProblemException && error.getStatus() === 404) {
          throw unprocessable(
            'meetingId',
            'meetingId must be a meeting of this tenant',
            'reference-not-found',
            'Referenced resource not found',
          );
        }
        throw error;
      }
    }
    const meetingId = dto.meetingId ?? current?.meetingId;
    if (dto.segmentId && meetingId && !(await this.transcript.hasSegment(meetingId, dto.segmentId))) {
      throw unprocessable(
        'segmentId',
        "segmentId must be a segment of the meeting's transcript",
        'reference-not-found',
        'Referenced resource not found',
      );
    }
    if (
      dto.assigneeUserId &&
      dto.assigneeUserId !== current?.assigneeUserId &&
      !(await this.tenants.membershipOf(dto.assigneeUserId, tenantId))
    ) {
      throw unprocessable(
        'assigneeUserId',
        'assigneeUserId must be a member of this tenant; assign an outsider with assigneeName or assigneeEmail',
      );
    }
  }
}

function assertSegment(item: ActionItem): void {
  if (item.segmentId && !item.meetingId)
    throw unprocessable('segmentId', 'segmentId needs a meetingId: it names a transcript segment of that meeting');
}

function event<K extends ActionItemEventType>(type: K, item: ActionItem, data: DomainEventMap[K]): DomainEventOf<K> {
  return domainEvent<K>({
    type,
    tenantId: item.tenantId,
    entityId: item.id,
    version: item.version,
    actorUserId: RequestContext.actorUserId(),
    ...(item.meetingId ? { meetingId: item.meetingId } : {}),
    data,
  });
}
