import { Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { RelayQueue } from './relay-queue';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RelayQueue', () => {
  let queue: RelayQueue;
  const sent: string[] = [];
  const record = (name: string) => () => void sent.push(name);

  beforeEach(() => {
    queue = new RelayQueue();
    sent.length = 0;
  });
  afterEach(() => jest.restoreAllMocks());

  it('sends nothing before the current tick, promise continuations included, has finished', async () => {
    queue.enqueue('a', record('a'));
    expect(sent).toEqual([]);
    // What an awaiting caller runs after its after-commit hook (the answer to its request) comes first.
    for (let i = 0; i < 100; i++) await Promise.resolve();
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual(['a']);
  });

  it('sends in the order queued, across turns too', async () => {
    for (const name of ['a', 'b', 'c']) queue.enqueue(name, record(name));
    await nextTurn();
    queue.enqueue('d', record('d'));
    queue.enqueue('e', () => {
      sent.push('e');
      // Queued while the queue drains: after everything queued before it.
      queue.enqueue('g', record('g'));
    });
    queue.enqueue('f', record('f'));
    await nextTurn();
    await nextTurn();
    expect(sent).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('logs a relay that throws, and sends the rest', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failure = new Error('socket gone');
    queue.enqueue('a', record('a'));
    queue.enqueue('meeting.updated 1234', () => {
      throw failure;
    });
    queue.enqueue('c', record('c'));
    await nextTurn();
    expect(sent).toEqual(['a', 'c']);
    expect(error).toHaveBeenCalledWith({ err: failure, relay: 'meeting.updated 1234' }, 'a realtime relay failed');
  });

  it('runs each relay in the async context of whoever queued it', async () => {
    const context = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    context.run('request 1', () => queue.enqueue('a', () => void seen.push(context.getStore())));
    context.run('request 2', () => queue.enqueue('b', () => void seen.push(context.getStore())));
    await nextTurn();
    expect(seen).toEqual(['request 1', 'request 2']);
  });

  it('sends what is still queued when the app closes, before Socket.IO does, and anything later at once', async () => {
    queue.enqueue('a', record('a'));
    queue.enqueue('b', record('b'));
    queue.onModuleDestroy();
    expect(sent).toEqual(['a', 'b']);
    queue.enqueue('c', record('c'));
    expect(sent).toEqual(['a', 'b', 'c']);
    await nextTurn();
    expect(sent).toEqual(['a', 'b', 'c']);
  });
});
