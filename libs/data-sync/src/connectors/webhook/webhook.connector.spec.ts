import { randomBytes } from 'node:crypto';
import { secretProblem, WebhookConnector } from './webhook.connector';

describe('WebhookConnector', () => {
  const connector = new WebhookConnector();
  const good = `whsec_${randomBytes(32).toString('base64')}`;

  it('takes a whsec_ secret of at least 24 bytes of canonical base64, and no settings', () => {
    expect(connector.validate({}, { secret: good })).toEqual([]);
    expect(secretProblem(`whsec_${randomBytes(24).toString('base64')}`)).toBeNull();
    for (const bad of [
      undefined,
      1,
      '',
      'whsec_',
      good.slice(6),
      `whsec_${randomBytes(23).toString('base64')}`,
      `${good}!`,
      `${good.slice(0, -1)}`,
    ])
      expect(secretProblem(bad)).toMatch(/whsec_/);
    expect(connector.validate({}, null)).toEqual([expect.stringMatching(/^credentials\.secret: is required/)]);
    expect(connector.validate({ url: 'https://x' }, { secret: good, token: 'x' })).toEqual([
      'settings.url: is not a setting of a webhook source',
      'credentials.token: is not a credential of a webhook source (only secret)',
    ]);
  });

  it('never repeats the secret in its problems', () => {
    const almost = `whsec_${randomBytes(16).toString('base64')}`;
    expect(connector.validate({}, { secret: almost }).join('\n')).not.toContain(almost.slice(6));
  });

  it('calls nothing and reads one empty last page', async () => {
    expect(connector.urls()).toEqual([]);
    const pages = [];
    for await (const page of connector.read(undefined, 'meetings', { kept: 1 })) pages.push(page);
    expect(pages).toEqual([expect.objectContaining({ records: [], last: true, checkpoint: { kept: 1 } })]);
  });
});
