import type { ErrorEvent } from '@sentry/nestjs';
import { REDACTED, scrubEvent, scrubMessage } from './scrub-event';

const SAID = 'Ada said the budget is frozen';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

describe('scrubMessage', () => {
  it.each([
    ['invalid input syntax for type uuid: "not-a-uuid"', `invalid input syntax for type uuid: "${REDACTED}"`],
    [`Unexpected token 'A', "${SAID}" is not valid JSON`, `Unexpected token 'A', "${REDACTED}" is not valid JSON`],
    [`Failing row contains (1, ${SAID}, null).`, `Failing row contains (${REDACTED}).`],
    ['Key (email)=(ada@example.com) already exists.', `Key (email)=(${REDACTED}) already exists.`],
    [`upstream said 401 to Bearer ${JWT}`, `upstream said 401 to Bearer ${REDACTED}`],
    [`token ${JWT} expired`, `token ${REDACTED} expired`],
    ['GET /x?access_token=abc&limit=2 failed', `GET /x?access_token=${REDACTED}&limit=2 failed`],
    ["Cannot read properties of undefined (reading 'id')", "Cannot read properties of undefined (reading 'id')"],
  ])('%s', (message, scrubbed) => {
    expect(scrubMessage(message)).toBe(scrubbed);
  });
});

describe('scrubEvent', () => {
  const event = (): ErrorEvent =>
    ({
      type: undefined,
      message: `failed on "${SAID}"`,
      transaction: 'POST /api/v1/meetings/:id/segments',
      tags: { route: '/api/v1/meetings/:id/segments', tenant_id: 't1' },
      request: {
        method: 'POST',
        url: 'https://api.example.com/api/v1/meetings/0b6f/segments?token=secret-query',
        query_string: 'token=secret-query',
        data: { segments: [{ text: SAID }] },
        cookies: { session: 'secret-cookie' },
        headers: { Authorization: `Bearer ${JWT}`, Cookie: 'session=secret-cookie', 'User-Agent': 'curl/8', 'X-Api-Key': 'k' },
      },
      extra: { segment: SAID },
      user: { id: 'u1', email: 'ada@example.com', ip_address: '10.0.0.1' },
      breadcrumbs: [{ message: `saw "${SAID}"`, data: { text: SAID } }],
      contexts: {
        job: { data: { transcript: SAID, segments: [{ text: SAID, speaker: 'Ada' }], refresh_token: 'r', newPassword: 'p' } },
        os: { name: 'Linux' },
      },
      exception: {
        values: [
          {
            type: 'QueryFailedError',
            value: `invalid input syntax for type json: "${SAID}"`,
            stacktrace: { frames: [{ function: 'append', vars: { text: SAID, body: { text: SAID } } }] },
          },
        ],
      },
    }) as ErrorEvent;

  it('leaves nothing a client sent, nor any credential', () => {
    const scrubbed = JSON.stringify(scrubEvent(event()));
    for (const secret of [
      SAID,
      'Ada said',
      JWT,
      'secret-query',
      'secret-cookie',
      'ada@example.com',
      '10.0.0.1',
      'refresh_token":"r',
      '"p"',
    ])
      expect(scrubbed).not.toContain(secret);
  });

  it('keeps where it happened: route, tags, error type, stack, user id, runtime context', () => {
    const scrubbed = scrubEvent(event());
    expect(scrubbed).toMatchObject({
      transaction: 'POST /api/v1/meetings/:id/segments',
      tags: { route: '/api/v1/meetings/:id/segments', tenant_id: 't1' },
      request: { method: 'POST', headers: { 'User-Agent': 'curl/8' } },
      user: { id: 'u1' },
      contexts: { os: { name: 'Linux' }, job: { data: { transcript: REDACTED, segments: [{ text: REDACTED, speaker: 'Ada' }] } } },
      exception: { values: [{ type: 'QueryFailedError', value: `invalid input syntax for type json: "${REDACTED}"` }] },
    });
    expect(scrubbed.request).toEqual({ method: 'POST', headers: { 'User-Agent': 'curl/8' } });
    expect(scrubbed.user).toEqual({ id: 'u1' });
    expect(scrubbed.extra).toBeUndefined();
    expect(scrubbed.breadcrumbs).toEqual([{ message: `saw "${REDACTED}"` }]);
    expect(scrubbed.exception?.values?.[0].stacktrace?.frames).toEqual([{ function: 'append' }]);
  });
});
