import { QueryFailedError } from 'typeorm';
import { ProblemException } from './problem.exception';

interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
  column?: string;
  table?: string;
}

/**
 * Turns PostgreSQL errors into the status a client can act on. Only the kind
 * of problem reaches the client; the SQL and the server's message stay in the
 * log, since they may name tables, columns or values of other tenants.
 */
export function mapDatabaseError(error: unknown): ProblemException | undefined {
  const pg = pgErrorOf(error);
  if (!pg?.code) return connectionProblem(error);
  switch (pg.code) {
    case '23505':
      return new ProblemException({
        status: 409,
        slug: 'already-exists',
        title: 'Already exists',
        detail: 'A resource with the same unique value already exists.',
        extensions: constraintOf(pg),
      });
    case '23503':
      return /still referenced/.test(pg.detail ?? '')
        ? new ProblemException({
            status: 409,
            slug: 'still-referenced',
            title: 'Still referenced',
            detail: 'The resource is still referenced by other resources.',
            extensions: constraintOf(pg),
          })
        : new ProblemException({
            status: 422,
            slug: 'reference-not-found',
            title: 'Referenced resource not found',
            detail: 'The request refers to a resource that does not exist.',
            extensions: constraintOf(pg),
          });
    case '23502':
    case '23514':
    case '22001':
    case '22003':
    case '22008':
      return new ProblemException({
        status: 422,
        slug: 'constraint-violated',
        title: 'Constraint violated',
        detail: 'A value breaks a rule of the data model.',
        extensions: constraintOf(pg),
      });
    case '22P02':
    case '22007':
      return new ProblemException({
        status: 400,
        slug: 'invalid-value',
        title: 'Invalid value',
        detail: 'A value in the request has the wrong format (for example an id that is not a UUID).',
      });
    case '57014':
      return new ProblemException({
        status: 504,
        slug: 'query-timeout',
        title: 'Query timeout',
        detail: 'The database did not answer in time. Try again, or narrow the request.',
      });
    case '40001':
    case '40P01':
      return new ProblemException({
        status: 409,
        slug: 'concurrent-update',
        title: 'Concurrent update',
        detail: 'The request collided with a concurrent change. Retry it.',
        headers: { 'Retry-After': '1' },
      });
    case '53300':
    case '57P01':
    case '57P03':
      return new ProblemException({
        status: 503,
        slug: 'database-unavailable',
        title: 'Database unavailable',
        detail: 'The database is not accepting requests right now. Retry shortly.',
        headers: { 'Retry-After': '5' },
      });
    default:
      return undefined;
  }
}

function pgErrorOf(error: unknown): PgError | undefined {
  if (error instanceof QueryFailedError) return error.driverError as PgError;
  if (
    error &&
    typeof error === 'object' &&
    'code' in error &&
    typeof (error as PgError).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as PgError).code!)
  ) {
    return error as PgError;
  }
  return undefined;
}

function connectionProblem(error: unknown): ProblemException | undefined {
  const code = (error as { code?: string } | undefined)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || /Connection terminated|timeout exceeded when trying to connect/i.test(message)) {
    return new ProblemException({
      status: 503,
      slug: 'database-unavailable',
      title: 'Database unavailable',
      detail: 'The database is not reachable right now. Retry shortly.',
      headers: { 'Retry-After': '5' },
    });
  }
  return undefined;
}

function constraintOf(pg: PgError): Record<string, unknown> {
  return pg.constraint ? { constraint: pg.constraint } : {};
}
