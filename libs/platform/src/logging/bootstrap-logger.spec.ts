import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { BootstrapLogger } from './bootstrap-logger';
import { createRootLogger } from './root-logger';

describe('BootstrapLogger', () => {
  let lines: Record<string, unknown>[];

  function loggerAt(logLevel: 'info' | 'warn'): BootstrapLogger {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    return new BootstrapLogger(createRootLogger({ logLevel }, sink));
  }

  afterEach(() => Logger.overrideLogger(false));

  it('writes the running app’s pino lines, with Nest’s context as `context`', () => {
    Logger.overrideLogger(loggerAt('info'));
    new Logger('Database').log('using the embedded PostgreSQL');
    new Logger('Bootstrap').warn('JWT_SECRET is not set');

    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'Database', msg: 'using the embedded PostgreSQL' }),
      expect.objectContaining({ level: 40, context: 'Bootstrap', msg: 'JWT_SECRET is not set' }),
    ]);
    expect(typeof lines[0].time).toBe('number');
    expect(lines[0]).not.toHaveProperty('message');
  });

  it('keeps the stack of an error logged with one, as pino’s `err`', () => {
    Logger.overrideLogger(loggerAt('info'));
    const failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    new Logger('Bootstrap').error('failed to start: connect ECONNREFUSED', failure.stack);
    new Logger('Bootstrap').error(failure);

    expect(lines[0]).toMatchObject({ level: 50, context: 'Bootstrap', msg: 'failed to start: connect ECONNREFUSED' });
    expect((lines[0].err as { stack: string }).stack).toBe(failure.stack);
    expect(lines[1]).toMatchObject({ level: 50, context: 'Bootstrap', err: { message: failure.message, stack: failure.stack } });
  });

  it('leaves out what the configured level filters', () => {
    Logger.overrideLogger(loggerAt('warn'));
    new Logger('Bootstrap').log('listening');
    new Logger('Bootstrap').debug('details');
    new Logger('Bootstrap').warn('careful');

    expect(lines.map((line) => line.msg)).toEqual(['careful']);
  });
});
