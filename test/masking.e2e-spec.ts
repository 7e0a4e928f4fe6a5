import request from 'supertest';
import type { ChatPrompt } from '../libs/ai/src/providers/testing/protocol-server.testing';
import { OpenAiProtocolServer } from '../libs/ai/src/providers/testing/openai-protocol-server.testing';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';
import { settledJob } from './support/until';

jest.setTimeout(90_000);

const PLANTED = {
  email: 'ada.lovelace@example.com',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  iban: 'GB82 WEST 1234 5698 7654 32',
  ipv4: '192.168.10.20',
  ipv6: '2001:db8::8a2e:370:7334',
  employee: 'EMP-123456',
};

const TRANSCRIPT = [
  `Ada: Good morning, this is the billing call. Send the invoice to ${PLANTED.email} please.`,
  `Grace: Sure. The customer paid with card ${PLANTED.card} and wants refunds to ${PLANTED.iban}.`,
  `Ada: Call them back on ${PLANTED.phone} before Friday.`,
  `Linus: The failed logins came from ${PLANTED.ipv4} and ${PLANTED.ipv6}, badge ${PLANTED.employee}.`,
  'Ada: Then we agree to refund the customer this week.',
  'Grace: Agreed, I will send the refund by Friday.',
].join('\n');

const DEFAULT_BUILTINS = ['email', 'phone', 'card', 'iban', 'ipv4', 'ipv6'].map((detector) => ({
  detector,
  enabled: true,
  action: 'pseudonymise',
}));

describe('PII masking: rules, preview, and what a remote provider sees (OpenAI protocol server)', () => {
  const openai = new OpenAiProtocolServer();
  let t: TestApp;
  let owner: TokenResponse;

  beforeAll(async () => {
    await openai.start();
    t = await startTestApp({
      env: {
        OPENAI_API_KEY: 'sk-test-secret-key',
        OPENAI_BASE_URL: openai.baseUrl,
        AI_MAX_ATTEMPTS: '1',
        AI_EMBEDDINGS_PROVIDER: 'local',
        // Analyses run in the job processor, outside any request: the tenant's rules must reach it there.
        JOB_PROCESSING: 'all',
      },
    });
    owner = await register(t);
    await request(t.server).patch('/api/v1/tenants/current').set(bearer(owner)).send({ autoAnalyseMeetings: false }).expect(200);
  });
  afterAll(async () => {
    await t.close();
    await openai.close();
  });

  const rules = () => request(t.server).get('/api/v1/masking/rules').set(bearer(owner));
  const putRules = (body: unknown, who = owner) =>
    request(t.server)
      .put('/api/v1/masking/rules')
      .set(bearer(who))
      .send(body as object);

  it('a new tenant has every built-in detector on, pseudonymising, and no custom rules', async () => {
    expect((await rules().expect(200)).body).toEqual({ enabled: true, applyToIndex: false, builtins: DEFAULT_BUILTINS, custom: [] });
  });

  it('refuses patterns that backtrack catastrophically, do not compile under RE2 or match nothing, with 422 before saving', async () => {
    const custom = (pattern: string) => ({
      enabled: true,
      builtins: [],
      custom: [{ name: 'bad', pattern, caseInsensitive: false, enabled: true, action: 'redact' }],
    });
    expectProblem(await putRules(custom('(a+)+$')), 422, { type: 'unsafe-pattern', field: 'custom.0.pattern' });
    expectProblem(await putRules(custom('(x)\\1')), 422, { type: 'invalid-pattern', field: 'custom.0.pattern' });
    expectProblem(await putRules(custom('(?<=a)b')), 422, 'invalid-pattern');
    expectProblem(await putRules(custom('x*')), 422, 'invalid-pattern');
    const twice = { enabled: true, builtins: [], custom: [custom('a').custom[0], custom('b').custom[0]] };
    expectProblem(await putRules(twice), 422, { field: 'custom.1.name' });
    expect((await rules().expect(200)).body.custom).toEqual([]);
  });

  it('answers bad input with 400, never 500: wrong types, unknown detectors or actions, NUL characters, deep nesting', async () => {
    expectProblem(await putRules({ enabled: 'yes', builtins: [], custom: [] }), 400, { type: 'validation-failed', field: 'enabled' });
    expectProblem(await putRules({ enabled: true, builtins: [{ detector: 'ssn', enabled: true, action: 'redact' }], custom: [] }), 400);
    expectProblem(
      await putRules({
        enabled: true,
        builtins: [],
        custom: [{ name: 'x', pattern: 'a\u0000', caseInsensitive: false, enabled: true, action: 'hide' }],
      }),
      400,
    );
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expectProblem(await request(t.server).post('/api/v1/masking/preview').set(bearer(owner)).send({ text: deep }), 400);
    expectProblem(await request(t.server).post('/api/v1/masking/preview').set(bearer(owner)).send({ text: 42 }), 400);
    expectProblem(await request(t.server).post('/api/v1/masking/preview').set(bearer(owner)).send({ text: '' }), 400);
    expectProblem(
      await request(t.server)
        .post('/api/v1/masking/preview')
        .set(bearer(owner))
        .send({ text: 'x'.repeat(100_001) }),
      400,
    );
    expectProblem(
      await request(t.server)
        .post('/api/v1/masking/preview')
        .set(bearer(owner))
        .send({ text: 'x'.repeat(5_000_000) }),
      413,
    );
  });

  it('only admins read, change or preview the rules; changes are audited', async () => {
    const member = await addMember(t, owner, 'member');
    const viewer = await addMember(t, owner, 'viewer');
    for (const who of [member, viewer]) {
      expectProblem(await request(t.server).get('/api/v1/masking/rules').set(bearer(who)), 403);
      expectProblem(await putRules({ enabled: true, builtins: [], custom: [] }, who), 403);
      expectProblem(await request(t.server).post('/api/v1/masking/preview').set(bearer(who)).send({ text: 'x' }), 403);
    }
    const admin = await addMember(t, owner, 'admin');
    const saved = await putRules(
      {
        enabled: true,
        builtins: [{ detector: 'card', enabled: true, action: 'mask' }],
        custom: [{ name: 'employee-id', pattern: 'emp-\\d{6}', caseInsensitive: true, enabled: true, action: 'redact' }],
      },
      admin,
    ).expect(200);
    expect(saved.body.builtins).toHaveLength(6);
    expect(saved.body.builtins).toContainEqual({ detector: 'card', enabled: true, action: 'mask' });
    expect(saved.body.builtins).toContainEqual({ detector: 'email', enabled: true, action: 'pseudonymise' });
    expect((await rules().expect(200)).body).toEqual(saved.body);
    const trail = (await request(t.server).get('/api/v1/audit-logs').set(bearer(owner)).expect(200)).body.items;
    expect(trail).toContainEqual(expect.objectContaining({ action: 'masking.rules_updated', entityType: 'masking_policy' }));
  });

  it("previews what the tenant's rules do: spans, detector, action and the text a provider would see", async () => {
    const text = `Mail ${PLANTED.email}, pay ${PLANTED.card}, badge ${PLANTED.employee}, mail ${PLANTED.email} again.`;
    const preview = (await request(t.server).post('/api/v1/masking/preview').set(bearer(owner)).send({ text }).expect(200)).body;
    expect(preview.masked).toBe('Mail [EMAIL_1], pay **** **** **** 1111, badge [REDACTED], mail [EMAIL_1] again.');
    expect(preview.spans[0]).toEqual({
      start: 5,
      end: 5 + PLANTED.email.length,
      detector: 'email',
      action: 'pseudonymise',
      value: PLANTED.email,
      replacement: '[EMAIL_1]',
    });
    expect(preview.spans.map((span: { detector: string }) => span.detector)).toEqual(['email', 'card', 'employee-id', 'email']);
  });

  it('analysis in a job: not one planted value reaches the provider, and the analysis shows the real ones', async () => {
    await putRules({
      enabled: true,
      builtins: [],
      custom: [{ name: 'employee-id', pattern: 'EMP-\\d{6}', caseInsensitive: false, enabled: true, action: 'redact' }],
    }).expect(200);
    const meetingId = (
      await request(t.server)
        .post('/api/v1/meetings')
        .set(bearer(owner))
        .send({ title: 'Billing call', scheduledStartAt: '2026-11-02T09:00:00.000Z' })
        .expect(201)
    ).body.id;
    await request(t.server)
      .post(`/api/v1/meetings/${meetingId}/transcript`)
      .set(bearer(owner))
      .set('Content-Type', 'text/plain')
      .send(TRANSCRIPT)
      .expect(201);

    const placeholder = (prompt: ChatPrompt, label: string) => new RegExp(`\\[${label}_\\d+\\]`).exec(prompt.messages[0].content)?.[0];
    openai.reset();
    openai.responder = (prompt) => {
      if (prompt.system.includes('You analyse meeting transcripts'))
        return JSON.stringify({
          overview: `Invoice to ${placeholder(prompt, 'EMAIL')}; call ${placeholder(prompt, 'PHONE')}; refund to ${placeholder(prompt, 'IBAN')}.`,
          keyPoints: [],
          topics: [],
          keywords: ['refund'],
        });
      return JSON.stringify({ decisions: [], actionItems: [], questions: [] });
    };
    const posted = await request(t.server).post(`/api/v1/meetings/${meetingId}/analysis`).set(bearer(owner)).send({}).expect(202);
    expect((await settledJob(t, owner, posted.body.location)).status).toBe('succeeded');
    const analysis = (await request(t.server).get(`/api/v1/meetings/${meetingId}/analysis`).set(bearer(owner)).expect(200)).body;

    expect(openai.requests.length).toBeGreaterThanOrEqual(2);
    const sent = JSON.stringify(openai.requests.map((r) => r.body));
    for (const value of Object.values(PLANTED)) expect(sent).not.toContain(value);
    // Nor any recognisable part of one: the card's and IBAN's digit groups, the address's local part.
    for (const fragment of ['lovelace', '7946 0958', '5698 7654', '8a2e:370', '123456']) expect(sent).not.toContain(fragment);
    expect(sent).toContain('[EMAIL_1]');
    expect(sent).toContain('[REDACTED]');

    expect(analysis.parts.summary.provider).toBe('openai');
    expect(analysis.summary.overview).toBe(`Invoice to ${PLANTED.email}; call ${PLANTED.phone}; refund to ${PLANTED.iban}.`);
  });

  it('exports with ?masked=true apply the rules to the file (even with masking of remote calls off); without it, nothing changes', async () => {
    await putRules({
      enabled: false,
      builtins: [{ detector: 'card', enabled: true, action: 'mask' }],
      custom: [{ name: 'employee-id', pattern: 'EMP-\\d{6}', caseInsensitive: false, enabled: true, action: 'redact' }],
    }).expect(200);
    const meetingId = (await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title: 'Export call' }).expect(201)).body
      .id;
    await request(t.server)
      .post(`/api/v1/meetings/${meetingId}/transcript`)
      .set(bearer(owner))
      .set('Content-Type', 'text/plain')
      .send(TRANSCRIPT)
      .expect(201);
    // The minutes list the meeting's action items: theirs are masked too.
    await request(t.server)
      .post('/api/v1/action-items')
      .set(bearer(owner))
      .send({ title: `Refund to ${PLANTED.iban}`, meetingId, assigneeName: `Finance ${PLANTED.email}` })
      .expect(201);
    const exported = async (query: string) =>
      (await request(t.server).get(`/api/v1/meetings/${meetingId}/transcript?${query}`).set(bearer(owner)).buffer(true).expect(200)).text;

    const masked = `${await exported('masked=true')}\n${await exported('format=md&masked=true')}\n${await exported('format=vtt&masked=true')}`;
    for (const value of Object.values(PLANTED)) expect(masked).not.toContain(value);
    expect(masked).toContain('[EMAIL_1]');
    expect(masked).toContain('**** **** **** 1111');
    expect(masked).toContain('[REDACTED]');
    expect(await exported('format=md')).toContain(PLANTED.email);
    expect(await exported('format=md')).toContain(`- [ ] Refund to ${PLANTED.iban}`);
    expectProblem(await request(t.server).get(`/api/v1/meetings/${meetingId}/transcript?masked=maybe`).set(bearer(owner)), 400);
  });

  it('with masking off, the preview still shows what the rules would do, and says they are off', async () => {
    await putRules({ enabled: false, builtins: [], custom: [] }).expect(200);
    const preview = (await request(t.server).post('/api/v1/masking/preview').set(bearer(owner)).send({ text: PLANTED.email }).expect(200))
      .body;
    expect(preview).toMatchObject({ enabled: false, masked: '[EMAIL_1]' });
  });
});
