import { Injectable, Logger } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, type TestingModule } from '@nestjs/testing';
import { FakeTransactions } from '../database/fake-transactions';
import { Transactions } from '../database/transactions';
import { type ErrorContext, ErrorReporter } from '../observability/error-reporter';
import { type DomainEvent, domainEvent, type DomainEventType } from './domain-event';
import { DomainEvents } from './domain-events';
import { OnAnyDomainEvent, OnDomainEvent } from './on-domain-event.decorator';

/** Not in DomainEventMap: declaring it there would add it to every library's map. */
const HAPPENED = 'spec.happened' as DomainEventType;

class RecordingReporter extends ErrorReporter {
  readonly captured: { error: unknown; context: ErrorContext }[] = [];
  capture(error: unknown, context: ErrorContext): void {
    this.captured.push({ error, context });
  }
  flush(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

const calls: string[] = [];

@Injectable()
class Listeners {
  @OnDomainEvent(HAPPENED)
  async crashes(): Promise<void> {
    calls.push('crashes');
    await Promise.resolve();
    throw new Error('cache unreachable');
  }

  @OnDomainEvent(HAPPENED)
  throwsAtOnce(): void {
    calls.push('throwsAtOnce');
    throw new Error('not even a promise');
  }

  @OnDomainEvent(HAPPENED)
  works(): void {
    calls.push('works');
  }

  @OnAnyDomainEvent()
  relays(event: DomainEvent): void {
    calls.push(`relays ${event.type}`);
  }
}

const TENANT = '11111111-1111-4111-8111-111111111111';

describe('DomainEvents with listeners that fail', () => {
  let events: DomainEvents;
  let reporter: RecordingReporter;
  let logged: jest.SpyInstance;
  let module: TestingModule;

  beforeAll(async () => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    reporter = new RecordingReporter();
    module = await Test.createTestingModule({
      imports: [EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false })],
      providers: [
        DomainEvents,
        Listeners,
        { provide: Transactions, useValue: new FakeTransactions() },
        { provide: ErrorReporter, useValue: reporter },
      ],
    }).compile();
    await module.init();
    events = module.get(DomainEvents);
  });

  afterAll(async () => {
    await module.close();
    logged.mockRestore();
  });

  it('logs and reports each failure with its event, still runs every other listener, and the event-wide ones after', async () => {
    const event = domainEvent({ type: HAPPENED, tenantId: TENANT, entityId: 'e1', version: 1, actorUserId: null, data: { n: 1 } as never });
    await expect(events.publish(event)).resolves.toBeUndefined();

    expect(calls.slice(0, 3).sort()).toEqual(['crashes', 'throwsAtOnce', 'works']);
    expect(calls[3]).toBe('relays spec.happened');
    expect(logged).toHaveBeenCalledTimes(2);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ eventId: event.eventId }), 'a domain event listener failed');
    expect(reporter.captured.map(({ error }) => (error as Error).message).sort()).toEqual(['cache unreachable', 'not even a promise']);
    for (const { context } of reporter.captured) {
      expect(context).toEqual({
        source: 'listener',
        eventType: 'spec.happened',
        eventId: event.eventId,
        tenantId: TENANT,
        requestId: undefined,
        userId: undefined,
      });
    }
  });
});
