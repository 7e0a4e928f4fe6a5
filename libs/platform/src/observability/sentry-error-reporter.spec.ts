import * as Sentry from '@sentry/nestjs';
import { AppConfig } from '../config';
import { RequestContext } from '../tenancy/request-context';
import { REDACTED } from './scrub-event';
import { SentryEnvelopeServer } from './sentry-envelope-server.testing';
import { SentryErrorReporter, sentryOptions } from './sentry-error-reporter';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SAID = 'Grace thinks the launch slips to May';

/** The real SDK, sending to a local server that speaks Sentry's envelope protocol. */
describe('SentryErrorReporter', () => {
  let server: SentryEnvelopeServer;
  const reporter = new SentryErrorReporter();

  beforeAll(async () => {
    server = await SentryEnvelopeServer.start();
    const options = sentryOptions(AppConfig.fromEnv({ NODE_ENV: 'test', SENTRY_DSN: server.dsn('specKey'), APP_VERSION: '2.3.4' }));
    const integrations = Array.isArray(options.integrations) ? options.integrations : [];
    // Not in a Jest worker that other test files share: the process-wide crash handlers (main.ts processes keep them).
    Sentry.init({ ...options, integrations: integrations.filter((integration) => !integration.name.startsWith('OnUn')) });
  });
  afterAll(async () => {
    await Sentry.close(2000);
    await server.close();
  });

  it("reports a failed job with the job's queue, name, id, attempt and tenant, the release and the environment", async () => {
    const error = new Error(`summarising failed on "${SAID}"`, { cause: Object.assign(new Error(`bad row "${SAID}"`), { code: '22021' }) });
    reporter.captureJobFailure(error, { queue: 'ai', name: 'summarise', id: '17', attempt: 3, tenantId: TENANT });
    expect(await reporter.flush(5000)).toBe(true);

    const [event] = await server.waitForEvents(1);
    expect(event).toMatchObject({
      release: 'quorum@2.3.4',
      environment: 'test',
      level: 'error',
      transaction: 'job ai/summarise',
      tags: { source: 'job', queue: 'ai', job_name: 'summarise', job_id: '17', attempt: '3', tenant_id: TENANT },
    });
    // The error and its cause, their values gone.
    const values = (event.exception as { values: { value: string }[] }).values.map((value) => value.value);
    expect(values.sort()).toEqual([`bad row "${REDACTED}"`, `summarising failed on "${REDACTED}"`]);
    expect(server.envelopes[0].sentryKey).toBe('specKey');
    expect(server.envelopes.map((envelope) => envelope.raw).join('\n')).not.toContain(SAID);
  });

  it('reports a Socket.IO event answered 5xx with its namespace#event, request id and caller', async () => {
    const before = server.events().length;
    const principal = { userId: '22222222-2222-4222-8222-222222222222', tenantId: TENANT, role: 'member' as const, sessionId: 's' };
    RequestContext.run(principal, () => reporter.captureSocketError(new Error('relay broke'), '/realtime#transcript.append', 'req-9'));
    await reporter.flush(5000);

    const [event] = (await server.waitForEvents(before + 1)).slice(before);
    expect(event).toMatchObject({
      transaction: 'socket /realtime#transcript.append',
      tags: { source: 'socket', request_id: 'req-9', route: '/realtime#transcript.append', tenant_id: TENANT },
      user: { id: principal.userId },
    });
  });

  it('keeps each report to its own context', async () => {
    const before = server.events().length;
    reporter.captureRequestError(new Error('first'), { method: 'GET', route: { path: '/a/:id' }, baseUrl: '' } as never, {
      status: 500,
      requestId: 'req-1',
    });
    reporter.capture(Object.assign(new Error('second'), { code: '42P01' }), { source: 'listener', eventType: 'meeting.created' });
    await reporter.flush(5000);

    const events = (await server.waitForEvents(before + 2)).slice(before);
    const byMessage = (text: string) => events.find((event) => JSON.stringify(event.exception).includes(text))!;
    expect(byMessage('first')).toMatchObject({
      transaction: 'GET /a/:id',
      tags: { source: 'http', request_id: 'req-1', route: '/a/:id', 'http.method': 'GET', 'http.status_code': '500' },
    });
    expect(byMessage('second').tags).toEqual({ source: 'listener', domain_event_type: 'meeting.created', sqlstate: '42P01' });
    expect(byMessage('second').transaction).toBe('listener meeting.created');
  });
});
