import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { bearer, register } from './support/auth-helpers';
import { IcsFeedServer, manyEvents } from './support/ics-feed';
import { withClient } from './support/postgres';
import { spawnTs } from './support/processes';
import { startTestApp, type TestApp } from './support/test-app';
import { AppConfig } from '@quorum/platform';
import { SecretBox } from '../libs/data-sync/src/secrets/secret-box';

jest.setTimeout(120_000);

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');
const PASSWORD = 'Rotate-Me-Feed-Pa55word';

/** `npm run sync:reencrypt`: key rotation's second half, run as an operator would, against sources sealed under the old key. */
describe('re-encrypting sync credentials under a new key', () => {
  let before: TestApp;
  const feeds = new IcsFeedServer();

  const columns = (url: string) =>
    withClient(
      url,
      async (client) =>
        (await client.query<{ id: string; credentials: string }>('SELECT id, credentials FROM sync_sources ORDER BY id')).rows,
    );
  const reencrypt = async (keys: string) => {
    const proc = spawnTs('sync-reencrypt', 'scripts/sync-reencrypt.ts', {
      DATABASE_URL: before.database.url,
      SYNC_SECRETS_KEY: keys,
      LOG_LEVEL: 'silent',
    });
    return { code: await proc.exited, output: proc.output() };
  };

  beforeAll(async () => {
    await feeds.start();
    feeds.feeds.set('/team.ics', manyEvents(3));
    before = await startTestApp({ env: { SYNC_SECRETS_KEY: `k1:${OLD}`, OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } });
  });
  afterAll(async () => {
    await before.close();
    await feeds.stop();
  });

  it('moves every source to the first key, idempotently, and the sources still open', async () => {
    const owner = await register(before);
    for (const name of ['A', 'B', 'C'])
      await request(before.server)
        .post('/api/v1/sync/sources')
        .set(bearer(owner))
        .send({ name, kind: 'ical', settings: { url: `${feeds.base}/team.ics` }, credentials: { username: 'cal', password: PASSWORD } })
        .expect(201);
    expect((await columns(before.database.url)).map((c) => c.credentials.split('.')[1])).toEqual(['k1', 'k1', 'k1']);

    const first = await reencrypt(`k2:${NEW},k1:${OLD}`);
    expect(first.code).toBe(0);
    expect(first.output).toContain('re-encrypted 3 source(s) under key "k2"; 0 already were');
    expect(first.output).not.toContain(PASSWORD);
    const rows = await columns(before.database.url);
    expect(rows.map((c) => c.credentials.split('.')[1])).toEqual(['k2', 'k2', 'k2']);
    for (const row of rows) expect(row.credentials).not.toContain(PASSWORD);

    const again = await reencrypt(`k2:${NEW},k1:${OLD}`);
    expect(again.output).toContain('re-encrypted 0 source(s) under key "k2"; 3 already were');

    // With the old key gone, the new one alone opens every source, for its own tenant.
    const box = new SecretBox(AppConfig.fromEnv({ NODE_ENV: 'test', SYNC_SECRETS_KEY: `k2:${NEW}` }));
    for (const row of rows)
      expect(box.openCredentials({ credentials: row.credentials, tenantId: owner.tenant.id })).toEqual({
        username: 'cal',
        password: PASSWORD,
      });
  });

  it('names a source no listed key opens, leaves it as it is and exits 1', async () => {
    await withClient(before.database.url, (client) =>
      client.query(`UPDATE sync_sources SET credentials = replace(credentials, 'v1.k2.', 'v1.k0.') WHERE name = 'C'`),
    );
    const run = await reencrypt(`k3:${randomBytes(32).toString('base64')},k2:${NEW}`);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/re-encrypted 2 source\(s\) under key "k3"/);
    expect(run.output).toMatch(
      /✖ source [0-9a-f-]{36}: the stored credentials were encrypted with key "k0", which SYNC_SECRETS_KEY no longer lists/,
    );
  });
});
