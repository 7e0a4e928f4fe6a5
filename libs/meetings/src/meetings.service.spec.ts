import type { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents, FakeTransactions, NoopErrorReporter, ProblemException, RequestContext } from '@quorum/platform';
import type { AuditService, TenantsService } from '@quorum/tenants';
import { Meeting } from './entities/meeting.entity';
import type { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';

const TENANT = '11111111-1111-4111-8111-111111111111';
const USER = '22222222-2222-4222-8222-222222222222';
const ID = '33333333-3333-4333-8333-333333333333';
const principal = { userId: USER, tenantId: TENANT, role: 'member' as const, sessionId: USER };

/** A meeting as the repository would return it. */
function stored(overrides: Partial<Meeting> = {}): Meeting {
  return Object.assign(new Meeting(), {
    id: ID,
    tenantId: TENANT,
    title: 'Planning',
    description: null,
    status: 'scheduled',
    scheduledStartAt: null,
    scheduledEndAt: null,
    startedAt: null,
    endedAt: null,
    startsAt: new Date('2026-01-01T10:00:00Z'),
    language: null,
    tags: [],
    participants: [],
    createdBy: USER,
    createdAt: new Date('2026-01-01T09:00:00Z'),
    updatedAt: new Date('2026-01-01T09:00:00Z'),
    version: 1,
    transcriptRevision: 0,
    ...overrides,
  });
}

/** MeetingsService against in-memory fakes: no database, the use cases' rules and their order only. */
describe('MeetingsService', () => {
  let transactions: FakeTransactions;
  let emitted: { type: string; committed: number }[];
  let audit: { record: jest.Mock };
  let repository: { [K in keyof MeetingsRepository]?: jest.Mock };
  let service: MeetingsService;

  beforeEach(() => {
    transactions = new FakeTransactions();
    emitted = [];
    const emitter = {
      listeners: jest.fn((type: string) =>
        type === 'domain.event' ? [] : [() => void emitted.push({ type, committed: transactions.commits })],
      ),
    };
    audit = { record: jest.fn(async () => undefined) };
    repository = {
      getForUpdate: jest.fn(async () => stored()),
      save: jest.fn(async (meeting: Meeting) => Object.assign(meeting, { version: meeting.version + 1 })),
      remove: jest.fn(async () => undefined),
      create: jest.fn((data: Partial<Meeting>) => stored({ ...data, id: ID, version: 1 })),
    };
    service = new MeetingsService(
      repository as unknown as MeetingsRepository,
      transactions,
      new DomainEvents(emitter as unknown as EventEmitter2, transactions, new NoopErrorReporter()),
      audit as unknown as AuditService,
      { membersAmong: jest.fn(async () => new Set<string>()) } as unknown as TenantsService,
    );
  });

  const as = <T>(work: () => Promise<T>) => RequestContext.run(principal, work);

  it('deletes under the row lock, audits in the same transaction and announces only after the commit', async () => {
    await as(() => service.remove(ID, 1));
    expect(repository.remove).toHaveBeenCalledWith(expect.objectContaining({ id: ID }));
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'meeting.deleted', entityId: ID }));
    expect(transactions.commits).toBe(1);
    expect(emitted).toEqual([{ type: 'meeting.deleted', committed: 1 }]);
  });

  it('announces nothing when the If-Match version is stale, and rolls back', async () => {
    await expect(as(() => service.remove(ID, 7))).rejects.toBeInstanceOf(ProblemException);
    expect(repository.remove).not.toHaveBeenCalled();
    expect(transactions.rollbacks).toBe(1);
    expect(emitted).toEqual([]);
  });

  it('refuses a transition the status machine does not allow, before saving or announcing', async () => {
    repository.getForUpdate!.mockResolvedValue(stored({ status: 'completed' }));
    await expect(as(() => service.update(ID, { status: 'live' }, undefined))).rejects.toMatchObject({ status: 409 });
    expect(repository.save).not.toHaveBeenCalled();
    expect(emitted).toEqual([]);
  });

  it('announces an update after its commit, with the new version', async () => {
    const result = await as(() => service.update(ID, { title: 'Renamed' }, 1));
    expect(result).toMatchObject({ title: 'Renamed', version: 2 });
    expect(emitted).toEqual([{ type: 'meeting.updated', committed: 1 }]);
  });
});
