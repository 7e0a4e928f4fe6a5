import type { Pool } from 'pg';

/**
 * The list endpoint's work, shared by the two servers the api is measured
 * against (bench/baseline-server.ts and bench/minimal-nest-server.ts): the
 * same SQL and the same JSON as the api, and nothing else.
 */

// Every column the api's entity selects (all but the generated search_vector), so all servers move the same bytes from PostgreSQL.
export const LIST_SQL = `SELECT id, tenant_id, created_at, updated_at, title, description, status, scheduled_start_at, scheduled_end_at,
  started_at, ended_at, starts_at, language, tags, participants, created_by, version, transcript_revision
  FROM meetings WHERE tenant_id = $1 ORDER BY starts_at DESC, id DESC LIMIT $2`;

export interface Row {
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

/** MeetingDto's shape and key order, so every server sends byte-identical bodies (the runner checks). */
export function toItem(m: Row) {
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

export interface ListPage {
  items: ReturnType<typeof toItem>[];
  nextCursor: string | null;
}

/** A `limit` query parameter as the api accepts it (1 to 100, 20 when absent), or undefined when it is not one. */
export function parseLimit(raw: string | null | undefined): number | undefined {
  const limit = Number(raw ?? 20);
  return Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : undefined;
}

/** The first page of a tenant's meetings, newest first, with the api's opaque cursor when there is more. */
export async function listMeetings(pool: Pool, tenantId: string, limit: number): Promise<ListPage> {
  const { rows } = await pool.query<Row>(LIST_SQL, [tenantId, limit + 1]);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit ? Buffer.from(JSON.stringify([last.starts_at.toISOString(), last.id])).toString('base64url') : null;
  return { items: items.map(toItem), nextCursor };
}

/** A pool as the api's DataSource options, so every server waits for and keeps connections alike. */
export function poolOptions(connectionString: string, applicationName: string) {
  return {
    connectionString,
    max: Number(process.env.DB_POOL_MAX ?? 10),
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: applicationName,
  };
}

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}
