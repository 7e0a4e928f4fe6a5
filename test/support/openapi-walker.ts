import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { type OpenApiDocument, resolveSchema, sampleValue, type SampleOptions, type SchemaObject } from './openapi-sample';

/** The methods an OpenAPI path item can hold operations under (TRACE left out: nothing serves it). */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const READ_METHODS = new Set<HttpMethod>(['get', 'head', 'options']);

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

interface MediaTypeObject {
  schema?: SchemaObject;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, MediaTypeObject> };
  responses?: Record<string, { content?: Record<string, MediaTypeObject> }>;
  security?: Array<Record<string, string[]>>;
}

export interface WalkOperation {
  method: HttpMethod;
  /** The OpenAPI path template, e.g. `/api/v1/tenants/current/members/{userId}`. */
  path: string;
  /** `PATCH /api/v1/tenants/current/members/{userId}`: how violations name the route. */
  route: string;
  pathParams: ParameterObject[];
  queryParams: ParameterObject[];
  requestBody?: OperationObject['requestBody'];
  /** The document requires a security scheme for it (the operation's `security`, else the document's). */
  documentedSecured: boolean;
  /** A 2xx answer carries an `access_token`: login, register, refresh and the like. */
  issuesTokens: boolean;
  isWrite: boolean;
}

/** Every operation of the document, with path-item parameters merged into the operation's own. */
export function listOperations(document: OpenApiDocument): WalkOperation[] {
  const operations: WalkOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const shared = ((item as { parameters?: ParameterObject[] }).parameters ?? []).map((p) => resolveParameter(document, p));
    for (const method of HTTP_METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      const own = (operation.parameters ?? []).map((p) => resolveParameter(document, p));
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      // An empty requirement object ({}) in the list means "or anonymously", so it makes the operation public.
      const security = operation.security ?? document.security ?? [];
      operations.push({
        method,
        path,
        route: `${method.toUpperCase()} ${path}`,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        requestBody: operation.requestBody,
        documentedSecured: security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0),
        issuesTokens: issuesTokens(document, operation),
        isWrite: !READ_METHODS.has(method),
      });
    }
  }
  return operations;
}

function resolveParameter(document: OpenApiDocument, parameter: ParameterObject & { $ref?: string }): ParameterObject {
  if (!parameter.$ref) return parameter;
  const match = /^#\/components\/parameters\/(.+)$/.exec(parameter.$ref);
  const target = match && (document.components as { parameters?: Record<string, ParameterObject> } | undefined)?.parameters?.[match[1]];
  if (!target) throw new Error(`cannot resolve ${parameter.$ref}`);
  return target;
}

function issuesTokens(document: OpenApiDocument, operation: OperationObject): boolean {
  return Object.entries(operation.responses ?? {})
    .filter(([status]) => /^2/.test(status))
    .some(([, response]) =>
      Object.values(response.content ?? {}).some((media) => 'access_token' in (resolveSchema(document, media.schema).properties ?? {})),
    );
}

/** The path with every `{param}` replaced by `value(param)`, URL-encoded. */
export function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
}

/** Values for the required query parameters (optional ones are left out, so a GET lists everything it may). */
export function requiredQuery(document: OpenApiDocument, operation: WalkOperation, options: SampleOptions): Record<string, string> {
  const query: Record<string, string> = {};
  for (const parameter of operation.queryParams.filter((p) => p.required)) {
    const value = sampleValue(document, parameter.schema, parameter.name, options);
    query[parameter.name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return query;
}

export interface SampleBody {
  contentType: string;
  body: unknown;
  /** Multipart fields that take a file (`format: binary`); each gets a small text file. */
  files?: string[];
}

/** A body for the operation from its request body schema, in the media type the route prefers (JSON first). */
export function sampleBody(document: OpenApiDocument, operation: WalkOperation, options: SampleOptions): SampleBody | undefined {
  const content = operation.requestBody?.content;
  if (!content || !Object.keys(content).length) return undefined;
  const types = Object.keys(content);
  const contentType =
    types.find((t) => t === 'application/json') ??
    types.find((t) => /\+json$/.test(t)) ??
    types.find((t) => t === 'multipart/form-data') ??
    types[0];
  const body = sampleValue(document, content[contentType].schema, '', options);
  if (contentType !== 'multipart/form-data') return { contentType, body };
  const schema = resolveSchema(document, content[contentType].schema);
  const files = Object.entries(schema.properties ?? {})
    .filter(([, property]) => {
      const resolved = resolveSchema(document, property);
      return resolved.format === 'binary' || resolveSchema(document, resolved.items).format === 'binary';
    })
    .map(([name]) => name);
  const fields = Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([name]) => !files.includes(name)));
  return { contentType, body: fields, files };
}

/** Sends one request; `authorization` is the whole header value, or undefined for an anonymous call. */
export function send(
  server: Parameters<typeof request>[0],
  method: HttpMethod,
  url: string,
  options: { authorization?: string; query?: Record<string, string>; body?: SampleBody },
): Promise<request.Response> {
  let req = request(server)[method](url);
  if (options.authorization) req = req.set('Authorization', options.authorization);
  if (options.query && Object.keys(options.query).length) req = req.query(options.query);
  const body = options.body;
  if (!body) return req;
  if (body.contentType === 'multipart/form-data') {
    for (const [field, value] of Object.entries((body.body ?? {}) as Record<string, unknown>))
      req = req.field(field, typeof value === 'string' ? value : JSON.stringify(value));
    for (const field of body.files ?? [])
      req = req.attach(field, Buffer.from('sample'), { filename: 'sample.txt', contentType: 'text/plain' });
    return req;
  }
  const text = /json/.test(body.contentType) || typeof body.body !== 'string' ? JSON.stringify(body.body ?? {}) : body.body;
  return req.set('Content-Type', body.contentType).send(text);
}

export const UUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Ids of one tenant's data, each with where it was found (`table.column`), read
 * straight from the database so that tables added by later migrations are
 * included without anyone listing them:
 *  - every row of every table with a `tenant_id` column where tenant_id is the tenant:
 *    its uuid columns (`id`, `tenant_id`, `user_id`, `invited_by`, uuid[] columns …)
 *    and text columns named `*_id` that hold uuids (audit_logs.entity_id);
 *  - then rows of tables without `tenant_id` (users, tenants, refresh tokens …) that
 *    reference an id already collected, repeated until nothing new turns up.
 */
export async function collectTenantIds(databaseUrl: string, tenantId: string): Promise<Map<string, string[]>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_name: string; column_name: string; data_type: string; udt_name: string }>(
      `SELECT c.table_name, c.column_name, c.data_type, c.udt_name
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'public'
        ORDER BY c.table_name, c.ordinal_position`,
    );
    const tables = new Map<string, Array<{ name: string; array: boolean }>>();
    const hasTenant = new Set<string>();
    for (const column of columns) {
      if (column.column_name === 'tenant_id') hasTenant.add(column.table_name);
      const uuid = column.data_type === 'uuid';
      const uuidArray = column.udt_name === '_uuid';
      const textId = /_id$/.test(column.column_name) && ['character varying', 'text', 'character'].includes(column.data_type);
      if (!uuid && !uuidArray && !textId) continue;
      tables.set(column.table_name, [...(tables.get(column.table_name) ?? []), { name: column.column_name, array: uuidArray }]);
    }

    const pool = new Map<string, string[]>();
    const add = (value: unknown, source: string): boolean => {
      const values = Array.isArray(value) ? value : [value];
      let added = false;
      for (const v of values) {
        if (typeof v !== 'string' || !new RegExp(`^${UUID_PATTERN.source}$`, 'i').test(v)) continue;
        const id = v.toLowerCase();
        const sources = pool.get(id);
        if (!sources) {
          pool.set(id, [source]);
          added = true;
        } else if (!sources.includes(source)) sources.push(source);
      }
      return added;
    };
    const select = (table: string, cols: Array<{ name: string }>) =>
      `SELECT ${cols.map((c) => client.escapeIdentifier(c.name)).join(', ')} FROM ${client.escapeIdentifier(table)}`;
    const harvest = (table: string, cols: Array<{ name: string }>, rows: Array<Record<string, unknown>>) => {
      let added = false;
      for (const row of rows) for (const c of cols) added = add(row[c.name], `${table}.${c.name}`) || added;
      return added;
    };

    add(tenantId, 'tenants.id');
    for (const table of [...hasTenant].sort()) {
      const cols = tables.get(table) ?? [];
      const { rows } = await client.query(`${select(table, cols)} WHERE tenant_id = $1`, [tenantId]);
      harvest(table, cols, rows);
    }
    for (let round = 0; round < 5; round++) {
      let added = false;
      for (const [table, cols] of tables) {
        if (hasTenant.has(table)) continue;
        const known = [...pool.keys()];
        const where = cols
          .map((c) =>
            c.array
              ? `${client.escapeIdentifier(c.name)}::text[] && $1::text[]`
              : `${client.escapeIdentifier(c.name)}::text = ANY($1::text[])`,
          )
          .join(' OR ');
        const { rows } = await client.query(`${select(table, cols)} WHERE ${where}`, [known]);
        added = harvest(table, cols, rows) || added;
      }
      if (!added) break;
    }
    return pool;
  } finally {
    await client.end();
  }
}

/** The ids of `pool` that occur in `text`, except those in `ignore`. */
export function foreignIdsIn(text: string, pool: Map<string, string[]>, ignore: ReadonlySet<string> = new Set()): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(UUID_PATTERN)) {
    const id = match[0].toLowerCase();
    if (pool.has(id) && !ignore.has(id)) found.add(id);
  }
  return [...found];
}

/** Snake-case stem of an id-like name: `meetingId` → `meeting`, `action_item_ids` → `action_item`. */
export function idStem(name: string): string {
  return name
    .replace(/(Ids|Id|_ids|_id)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The id from `pool` that fits a name like `userId`: one found in a `user_id` column or
 * in the `id` of a `users` table, so a reference points at the right kind of object.
 * Undefined when nothing fits: a uuid named `requestId` or `externalId` is no reference,
 * and putting another tenant's id there would only produce false alarms.
 */
export function pickId(pool: Map<string, string[]>, name: string): string | undefined {
  const stem = idStem(name);
  if (!stem) return undefined;
  const tables = new Set([stem, `${stem}s`, `${stem}es`, stem.replace(/y$/, 'ies')]);
  const fits = (source: string) => {
    const [table, column] = source.split('.');
    return column === `${stem}_id` || (column === 'id' && tables.has(table));
  };
  for (const [id, sources] of pool) if (sources.some(fits)) return id;
  return undefined;
}

/**
 * An id-like name for a path parameter: `{meetingId}` as it is, and a bare `{id}` named
 * after the collection before it (`/action-items/{id}` → `action_itemId`).
 */
export function paramIdName(path: string, name: string): string {
  if (name !== 'id') return name;
  const segments = path.split('/');
  const collection = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
  const singular = collection.replace(/-/g, '_').replace(/ies$/, 'y').replace(/s$/, '');
  return singular ? `${singular}Id` : name;
}

export const randomId = (): string => randomUUID();
