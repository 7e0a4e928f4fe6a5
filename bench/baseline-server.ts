import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { listMeetings, parseLimit, poolOptions, required } from './lib/meetings-list';

/**
 * The floor the api's list endpoint is measured against: the same SQL on a
 * pool of the same size, the same JSON, and nothing else (no framework, no
 * JWT, no logging, no guards). The bearer check is a string comparison on
 * purpose: the figure that matters is how much the api adds around the query.
 *
 * Env: DATABASE_URL, PORT, BASELINE_TOKEN (the exact bearer token to accept),
 * BASELINE_TENANT_ID (the tenant that token stands for), DB_POOL_MAX.
 */

const expectedAuthorization = `Bearer ${required('BASELINE_TOKEN')}`;
const tenantId = required('BASELINE_TENANT_ID');
const pool = new Pool(poolOptions(required('DATABASE_URL'), 'quorum-bench-baseline'));

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method !== 'GET' || url.pathname !== '/api/v1/meetings') return send(res, 404, { title: 'Not Found' });
  if (req.headers.authorization !== expectedAuthorization) return send(res, 401, { title: 'Unauthorized' });
  const limit = parseLimit(url.searchParams.get('limit'));
  if (limit === undefined) return send(res, 400, { title: 'Bad limit' });
  send(res, 200, await listMeetings(pool, tenantId, limit));
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
