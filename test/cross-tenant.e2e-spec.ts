import request from 'supertest';
import { addMember, login, register, STRONG_PASSWORD, type TokenResponse } from './support/auth-helpers';
import { isIdName, type OpenApiDocument, resolveSchema, type SampleOptions } from './support/openapi-sample';
import {
  collectTenantIds,
  fillPath,
  foreignIdsIn,
  listOperations,
  paramIdName,
  pickId,
  randomId,
  requiredQuery,
  type SampleBody,
  sampleBody,
  send,
  UUID_PATTERN,
  type WalkOperation,
} from './support/openapi-walker';
import { PROBE_RUNS_TABLE, ProbeJobsModule, ProbeQueue } from './support/jobs/probe-jobs.module';
import { withClient } from './support/postgres';
import { isProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Tenant isolation, checked from the outside and for every route at once: tenant B's
 * owner calls every operation of the OpenAPI document with ids that belong to tenant A.
 * The walk names no route, table or entity (only A's first members are made through the
 * auth helpers), so routes and tables added by later modules are walked as soon as they
 * appear in the document and the database.
 *
 * How a route is judged:
 *  - with path parameters: each of A's ids goes into every parameter; the answer must be a
 *    404 problem that looks exactly like the one for an id that never existed (anything
 *    else tells B the id exists), and must not show any other of A's ids;
 *  - a read without path parameters: B reads its own data, so 2xx, without any of A's ids;
 *    uuid-ish query filters are also tried with each of A's ids;
 *  - a write without path parameters acts on B's own tenant: no status is expected, but
 *    the answer must not show A's ids (and a 2xx that echoes one of A's ids B put in the
 *    body means B's data now points at A's).
 * An id B itself sent may come back in an error (`instance`, `detail`, field errors): that
 * is an echo, not a leak. The id of a leaked row is in the pool too, so echoes cannot mask one.
 */
describe('cross-tenant isolation: every route of the OpenAPI document, called by another tenant', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let ownerA: TokenResponse;
  let tokensB: TokenResponse;
  let tenantB: string;
  /** A's ids, each with the `table.column`s it was found in. */
  let pool: Map<string, string[]>;
  /** A background job of A's: jobs live in their queue (Redis or schema bullmq), not in a table the pool is read from. */
  let jobA: string;
  let operations: WalkOperation[];
  /** The routes the walk calls as B: everything under /api/ except the anonymous token-issuing entry points. */
  let walked: WalkOperation[];
  let skipped: WalkOperation[];
  const secured = new Set<string>();
  const requested = new Map<string, number>();
  const probedWithIds = new Map<string, number>();
  const violations = { withPathParams: [] as string[], withoutPathParams: [] as string[] };

  const sampleOptions: SampleOptions = { foreignId: (name) => pickId(pool, name) };
  const source = (id: string) => `${pool.get(id)![0]}=${id}`;
  const describeIds = (ids: string[]) => ids.map(source).join(', ');
  const is2xx = (res: request.Response) => res.status >= 200 && res.status < 300;

  /** Why a request failed, from its problem document, so a 400 or 403 explains itself in the report. */
  function problemSummary(res: request.Response): string {
    if (!isProblem(res) || !res.body) return '';
    const body = res.body as { type?: string; detail?: string; errors?: unknown };
    const slug = String(body.type ?? '')
      .split('/')
      .pop();
    return ` [${slug}: ${body.detail ?? ''}${body.errors ? ` errors=${JSON.stringify(body.errors)}` : ''}]`;
  }

  /**
   * A's ids in the answer. A problem's `instance` and `detail` echo the request (URL, the id
   * asked for), so they are left out; a 2xx body is searched whole, since a field named
   * `detail` there is data.
   */
  function leakedIds(res: request.Response, sent: ReadonlySet<string>, countEchoes: boolean): string[] {
    let text = res.text;
    if (isProblem(res) && res.body && typeof res.body === 'object') {
      const { instance: _instance, detail: _detail, ...rest } = res.body as Record<string, unknown>;
      text = JSON.stringify(rest);
    }
    // Headers too: a Location or a Link header can point at A's objects as well as a body can.
    text += JSON.stringify(res.headers);
    return foreignIdsIn(text, pool, countEchoes ? new Set() : sent);
  }

  const sentIds = (url: string, query: Record<string, string>, body?: SampleBody) =>
    new Set(foreignIdsIn(`${url} ${JSON.stringify(query)} ${JSON.stringify(body?.body ?? null)}`, pool));

  /** One request as B; a 401 means B's session ended (logout, password change …), so B logs in again and retries once. */
  async function asB(op: WalkOperation, url: string, query: Record<string, string>, body?: SampleBody): Promise<request.Response> {
    requested.set(op.route, (requested.get(op.route) ?? 0) + 1);
    const call = () => send(t.server, op.method, url, { authorization: `Bearer ${tokensB.access_token}`, query, body });
    const res = await call();
    if (res.status !== 401) return res;
    tokensB = await login(t, tokensB.user.email, STRONG_PASSWORD, tenantB);
    return call();
  }

  beforeAll(async () => {
    // The walk sends hundreds of requests within seconds from one address; the default
    // rate limit (100 a minute) would turn the tail of the walk into 429s that prove nothing.
    t = await startTestApp({ env: { THROTTLE_LIMIT: '1000000' }, imports: [ProbeJobsModule] });
    // The probe records its runs there; without the table A's job would fail on it instead of refusing its input.
    await withClient(t.database.url, (client) => client.query(PROBE_RUNS_TABLE));
    document = (await request(t.server).get('/api/docs-json').expect(200)).body;

    // Tenant A with members who joined by invitation, several sessions and the audit rows of all that;
    // seedTenantA adds whatever the document's POST routes create (pending invitations today).
    ownerA = await register(t, { tenantName: 'Tenant A' });
    const adminA = await addMember(t, ownerA, 'admin');
    await addMember(t, adminA, 'member');
    await login(t, ownerA.user.email);

    // B acts as an owner throughout, so no role check can answer 403 before the tenant check is reached.
    tokensB = await register(t, { tenantName: 'Tenant B' });
    tenantB = tokensB.tenant.id;

    operations = listOperations(document);
    await classify();
    await seedTenantA();

    pool = await collectTenantIds(t.database.url, ownerA.tenant.id);
    const asA = { userId: ownerA.user.id, tenantId: ownerA.tenant.id, role: 'owner' as const, sessionId: ownerA.user.id };
    jobA = (await t.app.get(ProbeQueue).enqueue({ behaviour: 'reject' }, { as: asA })).id;
    pool.set(jobA, ['jobs.id']);
    // An id that is also B's (a user in both tenants, a shared row) is legitimately visible to B.
    for (const id of (await collectTenantIds(t.database.url, tenantB)).keys()) pool.delete(id);

    await walkReadsWithoutPathParams();
    await walkPathParamRoutes();
    // Last: these act on B's own tenant and session (logout, password change, switch-tenant …).
    await walkWritesWithoutPathParams();
    // Hundreds of requests over every route: about 90 s on a loaded 2-core CI machine, so twice that as the bound.
  }, 240_000);
  afterAll(() => t.close());

  /**
   * Which routes need a token. The document marks them with a `security` requirement
   * (@ApiBearerAuth('bearer')), but a controller that forgets the decorator would look
   * public there; so a route also counts as secured when it answers 401 to an anonymous
   * call (no token, no body: the guard answers before any handler runs). Only public,
   * token-issuing routes without path parameters are skipped — register, login, refresh:
   * they act before any tenant is chosen, and guessing credentials there would feed the
   * login lockout that B's own re-logins depend on. Every walked route gets B's token,
   * public or not, so a wrong marking can never turn a leak into a 401.
   */
  async function classify(): Promise<void> {
    const api = operations.filter((op) => op.path.startsWith('/api/'));
    for (const op of api) {
      const anonymous = await send(t.server, op.method, fillPath(op.path, randomId), {});
      if (op.documentedSecured || anonymous.status === 401) secured.add(op.route);
    }
    skipped = api.filter((op) => !secured.has(op.route) && op.pathParams.length === 0 && op.issuesTokens);
    walked = api.filter((op) => !skipped.includes(op));
  }

  /**
   * Gives A rows in the tables of modules this file knows nothing about: without them a
   * route like GET /meetings/{id} would only ever be probed with user and session ids, and
   * would pass even if it forgot the tenant. So A calls every POST of the document once
   * with a sample body — twice over, so a creation that needs an earlier one (an action
   * item needs a meeting) finds it the second time. Path parameters and `*Id` fields take
   * A's own ids of the matching kind; a POST whose parameters match nothing is left out.
   * Best effort: what fails here simply adds no rows.
   */
  async function seedTenantA(): Promise<void> {
    let tokensA = ownerA;
    const relogin = async () => {
      tokensA = await login(t, ownerA.user.email, STRONG_PASSWORD, ownerA.tenant.id);
    };
    const creations = walked.filter((op) => op.method === 'post').sort((x, y) => x.pathParams.length - y.pathParams.length);
    for (let round = 0; round < 2; round++) {
      const own = await collectTenantIds(t.database.url, ownerA.tenant.id);
      const options: SampleOptions = { foreignId: (name) => pickId(own, name) };
      for (const op of creations) {
        const values = new Map(op.pathParams.map((p) => [p.name, pickId(own, paramIdName(op.path, p.name))]));
        if ([...values.values()].some((v) => !v)) continue;
        const url = fillPath(op.path, (name) => values.get(name)!);
        const call = () =>
          send(t.server, op.method, url, {
            authorization: `Bearer ${tokensA.access_token}`,
            query: requiredQuery(document, op, options),
            body: sampleBody(document, op, options),
          });
        let res = await call();
        if (res.status === 401) {
          await relogin();
          res = await call();
        }
        // A's session may have ended or moved (logout, switch-tenant): continue from a fresh one.
        if (is2xx(res)) await relogin();
      }
    }
  }

  async function walkReadsWithoutPathParams(): Promise<void> {
    for (const op of walked.filter((o) => !o.pathParams.length && !o.isWrite)) {
      const query = requiredQuery(document, op, sampleOptions);
      const res = await asB(op, op.path, query);
      const sent = sentIds(op.path, query);
      // A required filter may already reference A's data (sampled from A's ids); then "not found" is right too.
      const ok = is2xx(res) || (sent.size > 0 && res.status === 404);
      if (!ok) violations.withoutPathParams.push(`${op.route} → ${res.status} (expected 2xx: B reads its own data)${problemSummary(res)}`);
      const leaked = leakedIds(res, sent, false);
      if (leaked.length) violations.withoutPathParams.push(`${op.route} → ${res.status} shows A's ${describeIds(leaked)}`);

      // Filters that take an id (`?actor=`, `?meetingId=`) are another way to reach A's rows.
      const idParams = op.queryParams.filter((p) => isIdName(p.name) || resolveSchema(document, p.schema).format === 'uuid');
      for (const param of idParams) {
        for (const id of pool.keys()) {
          const probe = { ...query, [param.name]: id };
          const answer = await asB(op, op.path, probe);
          if (!is2xx(answer) && answer.status !== 404)
            violations.withoutPathParams.push(
              `${op.route}?${param.name}=<${source(id)}> → ${answer.status} (expected 2xx or 404)${problemSummary(answer)}`,
            );
          const shown = leakedIds(answer, sentIds(op.path, probe), false);
          if (shown.length)
            violations.withoutPathParams.push(
              `${op.route}?${param.name}=<${source(id)}> → ${answer.status} shows A's ${describeIds(shown)}`,
            );
        }
      }
    }
  }

  /** The parts of a 404 that B sees, with ids masked: must not differ between "A's" and "nobody's". */
  const fingerprint = (res: request.Response) => {
    const body = (res.body ?? {}) as { type?: string; title?: string; detail?: string };
    return `${res.status} ${body.type ?? ''} ${body.title ?? ''} ${String(body.detail ?? '').replace(UUID_PATTERN, '<id>')}`;
  };

  async function walkPathParamRoutes(): Promise<void> {
    // Reads before writes, deletes last: should a write leak, it must not remove the data the other probes look for.
    const rank = (op: WalkOperation) => (op.isWrite ? (op.method === 'delete' ? 2 : 1) : 0);
    const routes = walked.filter((o) => o.pathParams.length).sort((x, y) => rank(x) - rank(y));
    for (const op of routes) {
      const unknownUrl = fillPath(op.path, randomId);
      const unknownQuery = requiredQuery(document, op, sampleOptions);
      const unknown = await asB(op, unknownUrl, unknownQuery, sampleBody(document, op, sampleOptions));
      // A's ids go to one route a few at a time: each probe is independent, and one after another the walk spent
      // most of its time waiting for single answers (the routes stay in order: reads, writes, deletes).
      await inBatches([...pool.keys()], 4, async (id) => {
        const url = fillPath(op.path, () => id);
        const query = requiredQuery(document, op, sampleOptions);
        const body = sampleBody(document, op, sampleOptions);
        const res = await asB(op, url, query, body);
        probedWithIds.set(op.route, (probedWithIds.get(op.route) ?? 0) + 1);
        const label = `${op.route} with ${source(id)}`;
        if (res.status !== 404) {
          violations.withPathParams.push(`${label} → ${res.status} (expected 404)${problemSummary(res)}`);
        } else if (!isProblem(res)) {
          violations.withPathParams.push(
            `${label} → 404 as ${res.headers['content-type'] ?? 'no content type'} (expected application/problem+json)`,
          );
        } else if (unknown.status === 404 && fingerprint(res) !== fingerprint(unknown)) {
          violations.withPathParams.push(
            `${label} → "${fingerprint(res)}" but an unknown id → "${fingerprint(unknown)}" (the difference tells B the id exists)`,
          );
        }
        const leaked = leakedIds(res, sentIds(url, query, body), op.isWrite && is2xx(res));
        if (leaked.length) violations.withPathParams.push(`${label} → ${res.status} shows A's ${describeIds(leaked)}`);
      });
    }
  }

  async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
    for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(each));
  }

  async function walkWritesWithoutPathParams(): Promise<void> {
    for (const op of walked.filter((o) => !o.pathParams.length && o.isWrite)) {
      const query = requiredQuery(document, op, sampleOptions);
      const body = sampleBody(document, op, sampleOptions);
      const res = await asB(op, op.path, query, body);
      // Accepting a body that references A's objects is the leak itself, so a 2xx counts echoes too.
      const leaked = leakedIds(res, sentIds(op.path, query, body), is2xx(res));
      if (leaked.length)
        violations.withoutPathParams.push(
          `${op.route} with body ${JSON.stringify(body?.body ?? null)} → ${res.status} shows A's ${describeIds(leaked)}`,
        );
      // A successful write may have moved or changed B's session (switch-tenant, a role change):
      // start the next request from a fresh login in B's own tenant.
      if (is2xx(res)) tokensB = await login(t, tokensB.user.email, STRONG_PASSWORD, tenantB);
    }
  }

  it("collects A's ids from every tenant-owned table, and none of B's", () => {
    expect(pool.has(ownerA.tenant.id)).toBe(true);
    expect(pool.has(ownerA.user.id)).toBe(true);
    expect(pool.has(tenantB)).toBe(false);
    expect(pool.has(tokensB.user.id)).toBe(false);
    expect(pool.has(jobA)).toBe(true);
    const tables = new Set([...pool.values()].flat().map((s) => s.split('.')[0]));
    // Members, invitations, sessions and audit rows at least: a pool from one table would prove little.
    expect(tables.size).toBeGreaterThanOrEqual(4);
  });

  it("answers 404, and nothing of A's, to every route with a path parameter called with A's ids", async () => {
    // A's job is there, for A: B's 404 on it means isolation, not absence.
    const a = await login(t, ownerA.user.email, STRONG_PASSWORD, ownerA.tenant.id);
    await request(t.server).get(`/api/v1/jobs/${jobA}`).auth(a.access_token, { type: 'bearer' }).expect(200);
    expect(violations.withPathParams).toEqual([]);
  });

  it("never shows A's data on routes without path parameters, and lets B read its own", () => {
    expect(violations.withoutPathParams).toEqual([]);
  });

  it('exercised every route of the document, so it cannot pass by walking nothing', () => {
    const withPathParams = walked.filter((op) => op.pathParams.length).map((op) => op.route);
    expect(withPathParams.length).toBeGreaterThan(0);
    // Every route with a path parameter was tried with every one of A's ids.
    expect(withPathParams.filter((route) => probedWithIds.get(route) !== pool.size)).toEqual([]);
    expect(secured.size).toBeGreaterThan(0);
    expect([...secured].filter((route) => !requested.get(route))).toEqual([]);
    expect(walked.filter((op) => !requested.get(op.route)).map((op) => op.route)).toEqual([]);
    // Only anonymous token-issuing entry points are left out (register, login, refresh today).
    expect(skipped.every((op) => !secured.has(op.route) && op.issuesTokens && !op.pathParams.length)).toBe(true);
  });
});
