import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ProblemException } from './problem.exception';
import { toProblem } from './to-problem';

const context = { instance: '/api/v1/things', requestId: 'req-1', exposeInternals: false };

function queryError(code: string, detail = ''): QueryFailedError {
  return new QueryFailedError(
    'INSERT INTO secret_table VALUES ($1)',
    ['tenant-a-value'],
    Object.assign(new Error(`pg says ${code}`), { code, detail, constraint: 'uq_things_name' }),
  );
}

describe('toProblem', () => {
  it('renders Nest HTTP exceptions as RFC 9457 problems', () => {
    const { status, body } = toProblem(new ForbiddenException('Viewers cannot write'), context);
    expect(status).toBe(403);
    expect(body).toEqual({
      type: 'https://quorum.dev/problems/forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'Viewers cannot write',
      instance: '/api/v1/things',
      requestId: 'req-1',
    });
  });

  it('keeps type, field errors, headers and extensions of a ProblemException', () => {
    const problem = toProblem(
      new ProblemException({
        status: 422,
        slug: 'bad-transcript',
        title: 'Bad transcript',
        detail: 'Line 3 has no timestamp',
        errors: [{ field: 'line', message: '3' }],
        headers: { 'Retry-After': '1' },
        extensions: { line: 3 },
      }),
      context,
    );
    expect(problem.headers).toEqual({ 'Retry-After': '1' });
    expect(problem.body).toMatchObject({
      type: 'https://quorum.dev/problems/bad-transcript',
      title: 'Bad transcript',
      status: 422,
      errors: [{ field: 'line', message: '3' }],
      line: 3,
    });
  });

  it.each([
    ['23505', '', 409, 'already-exists'],
    ['23503', 'Key (id)=(1) is still referenced from table "x".', 409, 'still-referenced'],
    ['23503', 'Key (owner_id)=(2) is not present in table "users".', 422, 'reference-not-found'],
    ['22P02', '', 400, 'invalid-value'],
    ['57014', '', 504, 'query-timeout'],
    ['40001', '', 409, 'concurrent-update'],
    ['53300', '', 503, 'database-unavailable'],
  ])('maps PostgreSQL error %s to %i without leaking SQL', (code, detail, status, slug) => {
    const { body } = toProblem(queryError(code, detail), context);
    expect(body.status).toBe(status);
    expect(body.type).toBe(`https://quorum.dev/problems/${slug}`);
    const text = JSON.stringify(body);
    expect(text).not.toContain('secret_table');
    expect(text).not.toContain('tenant-a-value');
    expect(text).not.toContain('pg says');
  });

  it('hides the message of unexpected errors unless internals may be exposed', () => {
    const error = new Error('connection string postgres://admin:hunter2@db');
    expect(toProblem(error, context).body).toMatchObject({ status: 500, detail: expect.stringContaining('request id') });
    expect(JSON.stringify(toProblem(error, context).body)).not.toContain('hunter2');
    expect(toProblem(error, { ...context, exposeInternals: true }).body.detail).toContain('hunter2');
  });

  it('maps body-parser errors to 413, 400 and 415', () => {
    expect(toProblem(Object.assign(new Error('too large'), { type: 'entity.too.large', limit: 100 }), context).body).toMatchObject({
      status: 413,
      detail: expect.stringContaining('100 bytes'),
    });
    expect(toProblem(Object.assign(new Error('bad json'), { type: 'entity.parse.failed' }), context).status).toBe(400);
    expect(toProblem(Object.assign(new Error('latin1'), { type: 'charset.unsupported' }), context).status).toBe(415);
  });

  it('joins the messages of a multi-message HttpException', () => {
    expect(toProblem(new BadRequestException(['a is wrong', 'b is wrong']), context).body.detail).toBe('a is wrong; b is wrong');
    expect(toProblem(new NotFoundException('Meeting not found'), context).body.detail).toBe('Meeting not found');
  });
});
