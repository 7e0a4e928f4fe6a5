import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../errors/problem.exception';
import { Consumes } from './consumes.decorator';
import { ContentTypeGuard } from './content-type.guard';

class Routes {
  json(): void {}
  @Consumes('text/vtt', 'text/plain')
  transcript(): void {}
}

function contextFor(handler: keyof Routes, headers: Record<string, string>): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ headers }) }),
  } as unknown as ExecutionContext;
}

describe('ContentTypeGuard', () => {
  const guard = new ContentTypeGuard(new Reflector());

  it('lets requests without a body through', () => {
    expect(guard.canActivate(contextFor('json', {}))).toBe(true);
  });

  it('accepts JSON and +json bodies on JSON routes', () => {
    expect(guard.canActivate(contextFor('json', { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' }))).toBe(true);
    expect(guard.canActivate(contextFor('json', { 'content-type': 'application/merge-patch+json', 'content-length': '2' }))).toBe(true);
  });

  it('answers 415 naming the accepted types for other bodies', () => {
    expect.assertions(3);
    try {
      guard.canActivate(contextFor('json', { 'content-type': 'text/plain', 'content-length': '5' }));
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).getStatus()).toBe(415);
      expect((error as ProblemException).detail).toContain('application/json');
    }
  });

  it('rejects a body without a Content-Type', () => {
    expect(() => guard.canActivate(contextFor('json', { 'transfer-encoding': 'chunked' }))).toThrow(/no Content-Type/);
  });

  it('honours @Consumes on routes that take other media types', () => {
    expect(guard.canActivate(contextFor('transcript', { 'content-type': 'text/vtt', 'content-length': '10' }))).toBe(true);
    expect(() => guard.canActivate(contextFor('transcript', { 'content-type': 'application/json', 'content-length': '2' }))).toThrow(
      ProblemException,
    );
  });
});
