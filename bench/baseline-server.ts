import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';

/**
 * The floor the api's list endpoint is measured against: the same SQL on a
 * pool of the same size, the same JSON, and nothing else (no framework, no
 * JWT, no logging, no guards). The bearer check is a string comparison on
 * purpose: the figure that matters is how much the api adds around the query.
 *
 * Env: DATABASE_URL, PORT, BASELINE_TOKEN (the exact bearer token to accept),
 * BASELINE_TENANT_ID (the tenant that token stands for), DB_POOL_MAX.
 */

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const expectedAuthorization = `Bearer ${required('BASELINE_TOKEN')}`;
const tenantId = required('BASELINE_TENANT_ID');
const pool = new Pool({
  connectionString: required('DATABASE_URL'),
  max: Number(process.env.DB_POOL_MAX ?? 10),
  // As the api's DataSource options, so both wait for and keep connections alike.
  connectionTimeoutMillis: 5000,
  idleTimeoutMillis: 30_000,
  application_name: 'quorum-bench-baseline',
});

// Every column the api's entity selects (all but the generated search_vector), so both move the same bytes from PostgreSQL.
const LIST_SQL = `SELECT id, tenant_id, created_at, updated_at, title, description, status, scheduled_start_at, scheduled_end_at,
  started_at, ended_at, starts_at, language, tags, participants, created_by, version, transcript_revision
  FROM meetings WHERE tenant_id = $1 ORDER BY starts_at DESC, id DESC LIMIT $2`;

interface Row {
  id: string;
  title: string;
  description: string | null;
  status: string;
  scheduled_start_at: Date | null;
  scheduled_end_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
  starts_at: Date;
  language: string | null;
  tags: string[];
  participants: unknown[];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** MeetingDto's shape and key order, so both servers send byte-identical bodies (the runner checks). */
function toItem(m: Row) {
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    status: m.status,
    scheduledStartAt: m.scheduled_start_at,
    scheduledEndAt: m.scheduled_end_at,
    startedAt: m.started_at,
    endedAt: m.ended_at,
    language: m.language,
    tags: m.tags,
    participants: m.participants,
    createdBy: m.created_by,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
    version: m.version,
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method !== 'GET' || url.pathname !== '/api/v1/meetings') return send(res, 404, { title: 'Not Found' });
  if (req.headers.authorization !== expectedAuthorization) return send(res, 401, { title: 'Unauthorized' });
  const limit = Number(url.searchParams.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return send(res, 400, { title: 'Bad limit' });
  const { rows } = await pool.query<Row>(LIST_SQL, [tenantId, limit + 1]);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit ? Buffer.from(JSON.stringify([last.starts_at.toISOString(), last.id])).toString('base64url') : null;
  send(res, 200, { items: items.map(toItem), nextCursor });
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: Error) => {
    process.stderr.write(`baseline: ${error.stack ?? error.message}\n`);
    if (!res.headersSent) send(res, 500, { title: 'Internal Server Error' });
  });
});

server.listen(Number(required('PORT')), '127.0.0.1', () => process.stdout.write(`baseline listening on 127.0.0.1:${process.env.PORT}\n`));

function shutdown(): void {
  server.close(() => void pool.end().then(() => process.exit(0)));
  // Keep-alive connections from the load generator would otherwise hold close() open.
  server.closeAllConnections();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
