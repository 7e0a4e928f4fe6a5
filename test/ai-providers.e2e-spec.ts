import request from 'supertest';
import { AiService } from '@quorum/ai';
import { OpenAiProtocolServer } from '../libs/ai/src/providers/testing/openai-protocol-server.testing';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { withClient } from './support/postgres';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * GET /ai/providers and GET /ai/usage on the real api and PostgreSQL, with an OpenAI protocol server as
 * the remote provider; and the tenant budget: past it, remote calls stop (a `budget` row) and `local`
 * answers, or the caller gets 429 ai-budget-exceeded when `local` cannot do the task.
 */
describe('AI providers and usage (e2e)', () => {
  const openai = new OpenAiProtocolServer();
  let t: TestApp;
  let owner: TokenResponse;
  let other: TokenResponse;

  beforeAll(async () => {
    await openai.start();
    t = await startTestApp({
      env: {
        OPENAI_API_KEY: 'sk-test-secret-key',
        OPENAI_BASE_URL: openai.baseUrl,
        AI_SUMMARY_PROVIDER: 'openai:gpt-4o-mini',
        AI_EMBEDDINGS_PROVIDER: 'openai:text-embedding-3-small',
        AI_PRICES: JSON.stringify({ 'openai:*': { input: 1000, output: 2000 } }),
        // $1 000 per million tokens: a few calls of a dozen words spend the budget.
        AI_TENANT_MONTHLY_BUDGET_USD: '0.05',
        AI_MAX_ATTEMPTS: '1',
      },
    });
    owner = await register(t);
    other = await register(t);
  });
  afterAll(async () => {
    await t.close();
    await openai.close();
  });

  const ai = () => t.app.get(AiService);
  const callerOf = (tokens: TokenResponse) => ({ tenantId: tokens.tenant.id, userId: tokens.user.id });
  const summary = { messages: [{ role: 'user' as const, content: 'Summarise: we agreed to ship on Friday.' }] };

  it('shows each task chain, provider health and circuit, without secrets', async () => {
    const member = await addMember(t, owner, 'viewer');
    const res = await request(t.server).get('/api/v1/ai/providers').set(bearer(member)).expect(200);
    expect(res.body.tasks).toEqual(
      expect.arrayContaining([
        {
          task: 'summary',
          capability: 'chat',
          variable: 'AI_SUMMARY_PROVIDER',
          chain: [
            { provider: 'openai', model: 'gpt-4o-mini' },
            { provider: 'local', model: 'quorum-local-v1' },
          ],
          available: true,
        },
        expect.objectContaining({ task: 'transcription', chain: [{ provider: 'openai', model: 'whisper-1' }, expect.anything()] }),
      ]),
    );
    const openaiStatus = res.body.providers.find((p: { name: string }) => p.name === 'openai');
    expect(openaiStatus).toMatchObject({
      configured: true,
      customEndpoint: true,
      health: 'unknown',
      circuit: 'closed',
      consecutiveFailures: 0,
    });
    expect(res.body.providers.find((p: { name: string }) => p.name === 'anthropic')).toMatchObject({ configured: false });
    expect(res.body.budget).toMatchObject({ monthlyLimitUsd: 0.05, exceeded: false });
    expect(res.text).not.toContain('sk-test-secret-key');
    expect(res.text).not.toContain(openai.origin);
  });

  it('records a usage row per call and sums them per tenant, by provider, model, task and day (admins only)', async () => {
    await ai().complete('summary', summary, callerOf(owner));
    await ai().embed(['ship on Friday'], callerOf(owner));
    await ai().embed(['another tenant'], callerOf(other));

    const rows = await withClient(t.database.url, (client) =>
      client.query<{ provider: string; task: string; outcome: string; cost_usd: string; user_id: string }>(
        'SELECT provider, task, outcome, cost_usd, user_id FROM ai_usage WHERE tenant_id = $1 ORDER BY created_at',
        [owner.tenant.id],
      ),
    );
    expect(rows.rows.map((row) => [row.provider, row.task, row.outcome, row.user_id])).toEqual([
      ['openai', 'summary', 'ok', owner.user.id],
      ['openai', 'embeddings', 'ok', owner.user.id],
    ]);
    expect(Number(rows.rows[0].cost_usd)).toBeGreaterThan(0);

    const byTask = await request(t.server).get('/api/v1/ai/usage?groupBy=task').set(bearer(owner)).expect(200);
    expect(byTask.body.groups.map((g: { key: string; calls: number }) => [g.key, g.calls])).toEqual([
      ['embeddings', 1],
      ['summary', 1],
    ]);
    expect(byTask.body.totals).toMatchObject({ calls: 2, outcomes: { ok: 2, error: 0, fallback: 0, budget: 0, cancelled: 0 } });
    const summaryGroup = byTask.body.groups.find((g: { key: string }) => g.key === 'summary');
    // Prompt 7 words in, the echo 10 words out (as the server counts), at $1 000 / $2 000 per million.
    expect(summaryGroup).toMatchObject({ tokensIn: 7, tokensOut: 10, costUsd: 0.027 });

    const byModel = await request(t.server).get('/api/v1/ai/usage?groupBy=model').set(bearer(owner)).expect(200);
    expect(byModel.body.groups.map((g: { key: string }) => g.key)).toEqual(['openai:gpt-4o-mini', 'openai:text-embedding-3-small']);
    const byDay = await request(t.server).get('/api/v1/ai/usage?groupBy=day').set(bearer(owner)).expect(200);
    expect(byDay.body.groups).toEqual([expect.objectContaining({ key: new Date().toISOString().slice(0, 10), calls: 2 })]);
    const otherTenant = await request(t.server).get('/api/v1/ai/usage').set(bearer(other)).expect(200);
    expect(otherTenant.body.totals.calls).toBe(1);

    const empty = await request(t.server)
      .get('/api/v1/ai/usage?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z')
      .set(bearer(owner))
      .expect(200);
    expect(empty.body).toMatchObject({ groupBy: 'provider', groups: [], totals: { calls: 0, costUsd: 0 } });

    const member = await addMember(t, owner, 'member');
    const forbidden = await request(t.server).get('/api/v1/ai/usage').set(bearer(member));
    expectProblem(forbidden, 403, 'insufficient-role');
  });

  it('answers bad queries with validation problems', async () => {
    expectProblem(await request(t.server).get('/api/v1/ai/usage?groupBy=tenant').set(bearer(owner)), 400, 'validation-failed');
    expectProblem(await request(t.server).get('/api/v1/ai/usage?from=tomorrow').set(bearer(owner)), 400, 'validation-failed');
    expectProblem(
      await request(t.server).get('/api/v1/ai/usage?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z').set(bearer(owner)),
      400,
      'validation-failed',
    );
  });

  it('stops remote calls past the monthly budget: local answers embeddings, summaries get 429 ai-budget-exceeded', async () => {
    // The owner spent $0.027 + $0.003 above; one more summary crosses $0.05.
    await ai().complete('summary', summary, callerOf(owner));
    const requestsBefore = openai.requests.length;

    const embedded = await ai().embed(['after the budget'], callerOf(owner));
    expect(embedded).toMatchObject({ provider: 'local', skipped: [{ provider: 'openai', reason: 'budget' }] });
    const refused = await ai()
      .complete('summary', summary, callerOf(owner))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ reason: 'budget', status: 429, type: 'https://quorum.dev/problems/ai-budget-exceeded' });
    expect(openai.requests.length).toBe(requestsBefore);

    // Another tenant's budget is its own.
    await expect(ai().complete('summary', summary, callerOf(other))).resolves.toMatchObject({ provider: 'openai' });

    const usage = await request(t.server).get('/api/v1/ai/usage?groupBy=provider').set(bearer(owner)).expect(200);
    expect(usage.body.totals.outcomes).toMatchObject({ budget: 2, fallback: 1 });
    expect(usage.body.groups.map((g: { key: string }) => g.key)).toEqual(['local', 'openai']);
    const overview = await request(t.server).get('/api/v1/ai/providers').set(bearer(owner)).expect(200);
    expect(overview.body.budget).toMatchObject({ monthlyLimitUsd: 0.05, exceeded: true, resetsAt: expect.any(String) });
  });

  it('reports a failing provider as degraded, then down once its circuit opens', async () => {
    openai.failNext(...Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 500 })));
    for (let i = 0; i < 5; i++) await ai().embed(['x'], callerOf(other));
    const res = await request(t.server).get('/api/v1/ai/providers').set(bearer(other)).expect(200);
    expect(res.body.providers.find((p: { name: string }) => p.name === 'openai')).toMatchObject({
      health: 'down',
      circuit: 'open',
      lastFailure: 'server-error',
      circuitRetryAt: expect.any(String),
    });
    const metrics = await request(t.server).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/quorum_ai_circuit_state\{provider="openai"\} 2/);
    expect(metrics.text).toMatch(/quorum_ai_requests_total\{provider="openai",task="embeddings",outcome="error"\} 5/);
  });
});
