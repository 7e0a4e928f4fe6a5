import { DatabaseError } from 'pg';
import { checkDatabase, explainDatabaseError, parseDatabaseUrl, type PgTarget } from './database-check';
import { useSilentServer } from './silent-server.testing';

const LOCAL = 'postgres://postgres@127.0.0.1:5432';
const target: PgTarget = { host: 'db.internal', port: 5433, user: 'quorum', database: 'quorum_prod' };

/** The shape pg gives a server ErrorResponse: its own class, SQLSTATE in `code`. */
function serverError(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, message.length, 'error'), { code, severity: 'FATAL' });
}

/** The shape Node gives socket failures, which pg passes through unchanged. */
function socketError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

const externalConfig = (url: string) => ({ databaseUrl: url, embeddedDbDir: '/nonexistent', embeddedDbPort: 54329 });

describe('explainDatabaseError', () => {
  it('sends a refused connection to "is PostgreSQL running"', () => {
    const explanation = explainDatabaseError(
      socketError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5433', { errno: -111, syscall: 'connect' }),
      target,
    );
    expect(explanation.problem).toMatch(/^server down: connection refused at db\.internal:5433/);
    expect(explanation.fix).toContain('Is PostgreSQL running on db.internal:5433?');
  });

  it('finds the code inside an AggregateError from a multi-address connect', () => {
    const inner = [
      socketError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5433'),
      socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433'),
    ];
    expect(explainDatabaseError(new AggregateError(inner, ''), target).problem).toMatch(/^server down/);
  });

  it('names the host that does not resolve', () => {
    const explanation = explainDatabaseError(
      socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal', { errno: -3008, syscall: 'getaddrinfo' }),
      target,
    );
    expect(explanation.problem).toBe('unknown host: "db.internal" could not be resolved');
    expect(explanation.fix).toContain('host name in DATABASE_URL');
  });

  it("recognises pg's own connect timeout", () => {
    const explanation = explainDatabaseError(new Error('timeout expired'), target, 3000);
    expect(explanation.problem).toBe('timeout: no answer from db.internal:5433 within 3 s');
  });

  it('points a wrong password (28P01) at the password in DATABASE_URL', () => {
    const explanation = explainDatabaseError(serverError('28P01', 'password authentication failed for user "quorum"'), target);
    expect(explanation.problem).toMatch(/^wrong password/);
    expect(explanation.fix).toMatch(/^Check the password in DATABASE_URL/);
  });

  it('tells a missing role (28000) from a pg_hba rejection (also 28000)', () => {
    const role = explainDatabaseError(serverError('28000', 'role "quorum" does not exist'), target);
    expect(role.problem).toBe('no such role: role "quorum" does not exist at db.internal:5433');
    expect(role.fix).toContain('createuser -h db.internal -p 5433 -U postgres --login --pwprompt quorum');

    const hba = explainDatabaseError(
      serverError('28000', 'no pg_hba.conf entry for host "10.1.2.3", user "quorum", database "quorum_prod", no encryption'),
      target,
    );
    expect(hba.problem).toMatch(/pg_hba\.conf/);
    expect(hba.fix).toContain('sslmode=require');
  });

  it('gives the exact createdb command for a missing database (3D000), quoting odd names', () => {
    const explanation = explainDatabaseError(serverError('3D000', 'database "quorum_prod" does not exist'), target);
    expect(explanation.problem).toBe('database missing: database "quorum_prod" does not exist at db.internal:5433');
    expect(explanation.fix).toContain('`createdb -h db.internal -p 5433 -U quorum quorum_prod`');
    expect(explanation.fix).toContain('CREATE DATABASE "quorum_prod" OWNER "quorum";');

    const odd = explainDatabaseError(serverError('3D000', 'database "it\'s a "db"" does not exist'), {
      ...target,
      database: 'it\'s a "db"',
    });
    expect(odd.fix).toContain(`createdb -h db.internal -p 5433 -U quorum 'it'\\''s a "db"'`);
    expect(odd.fix).toContain('CREATE DATABASE "it\'s a ""db"""');
  });

  it('asks for a password when the server wants one and the URL has none', () => {
    const explanation = explainDatabaseError(new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), target);
    expect(explanation.problem).toContain('requires a password and DATABASE_URL has none');
  });

  it('falls back to the raw message and code for anything else', () => {
    const explanation = explainDatabaseError(serverError('XX000', 'internal error'), target);
    expect(explanation.problem).toBe('could not connect to db.internal:5433: internal error (XX000)');
  });
});

describe('parseDatabaseUrl', () => {
  it('decodes user and database and defaults the port', () => {
    expect(parseDatabaseUrl('postgres://app%40corp:pw@db.example.com/my%20db')).toEqual({
      host: 'db.example.com',
      port: 5432,
      user: 'app@corp',
      database: 'my db',
    });
  });
});

describe('checkDatabase against the local PostgreSQL', () => {
  it('passes for the existing postgres database', async () => {
    const { result, url } = await checkDatabase(externalConfig(`${LOCAL}/postgres`));
    expect(result.ok).toBe(true);
    expect(result.detail).toMatch(/^connected to PostgreSQL \d+/);
    expect(url).toBe(`${LOCAL}/postgres`);
  });

  it('reports a database that does not exist, with the createdb fix', async () => {
    const name = `doctor_missing_${process.pid}`;
    const { result, url } = await checkDatabase(externalConfig(`${LOCAL}/${name}`));
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(new RegExp(`^database missing: database "${name}" does not exist at 127\\.0\\.0\\.1:5432`));
    expect(result.fix).toContain(`createdb -h 127.0.0.1 -p 5432 -U postgres ${name}`);
    expect(url).toBeUndefined();
  });

  it('reports a closed port as server down', async () => {
    const { result } = await checkDatabase(externalConfig('postgres://postgres@127.0.0.1:1/quorum'));
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^server down: connection refused at 127\.0\.0\.1:1/);
    expect(result.fix).toContain('Is PostgreSQL running on 127.0.0.1:1?');
  });

  it('reports a role that does not exist', async () => {
    const { result } = await checkDatabase(externalConfig(`postgres://doctor_no_such_role_${process.pid}@127.0.0.1:5432/postgres`));
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^no such role/);
  });

  it('never prints the password from DATABASE_URL', async () => {
    const { result } = await checkDatabase(externalConfig('postgres://postgres:hunter2-secret@127.0.0.1:1/quorum'));
    expect(result.ok).toBe(false);
    expect(`${result.detail} ${result.fix}`).not.toContain('hunter2-secret');
    expect(result.detail).toContain('postgres://postgres:***@127.0.0.1:1/quorum');
  });

  describe('a server that accepts and never answers', () => {
    const silent = useSilentServer();

    it('times out instead of hanging', async () => {
      const port = silent.port();
      const started = Date.now();
      const { result } = await checkDatabase(externalConfig(`postgres://postgres@127.0.0.1:${port}/quorum`), 300);
      expect(result.ok).toBe(false);
      expect(result.detail).toMatch(/^timeout: no answer from 127\.0\.0\.1:\d+ within 0\.3 s/);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('embedded (DATABASE_URL unset)', () => {
    it('is fine when the embedded server is not running, and says npm start starts it', async () => {
      const { result, url } = await checkDatabase({ databaseUrl: undefined, embeddedDbDir: '/nonexistent/pg', embeddedDbPort: 1 });
      expect(result.ok).toBe(true);
      expect(result.detail).toContain('the embedded PostgreSQL will be used (data dir /nonexistent/pg, created on first start; port 1)');
      expect(result.detail).toContain('`npm start` starts it');
      expect(url).toBeUndefined();
    });

    it('sees a server already running on the embedded port', async () => {
      const { result } = await checkDatabase({ databaseUrl: undefined, embeddedDbDir: '/nonexistent/pg', embeddedDbPort: 5432 });
      expect(result.ok).toBe(true);
      // Whether the quorum database exists there depends on what else used this server.
      expect(result.detail).toMatch(/is running at postgres:\/\/postgres@127\.0\.0\.1:5432\/quorum|without the quorum database yet/);
    });
  });
});
