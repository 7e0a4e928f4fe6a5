import { Client } from 'pg';
import { AppConfig, loadDotEnv } from '@quorum/platform';
import { reencryptCredentials } from '../libs/data-sync/src/secrets/reencrypt-credentials';
import { SecretBox } from '../libs/data-sync/src/secrets/secret-box';

/**
 * `npm run sync:reencrypt`: after putting a new key first in SYNC_SECRETS_KEY (`new:…,old:…`), seals every source's
 * credentials under it; then the old key can leave the list. Needs DATABASE_URL (the embedded server has its own).
 */
async function main(): Promise<number> {
  loadDotEnv();
  const config = AppConfig.fromEnv(process.env);
  if (config.syncSecretsKeyGenerated) {
    process.stdout.write('✖ SYNC_SECRETS_KEY is unset: there is no key to re-encrypt with\n');
    return 1;
  }
  const url = config.databaseUrl ?? `postgres://postgres@127.0.0.1:${config.embeddedDbPort}/quorum`;
  const client = new Client({ connectionString: url, application_name: 'quorum-sync-reencrypt' });
  await client.connect();
  try {
    const primary = config.syncSecretsKeys[0].id;
    const outcome = await reencryptCredentials(client, new SecretBox(config), primary);
    process.stdout.write(`re-encrypted ${outcome.reencrypted} source(s) under key "${primary}"; ${outcome.current} already were\n`);
    for (const { sourceId, reason } of outcome.unreadable) process.stdout.write(`✖ source ${sourceId}: ${reason}\n`);
    return outcome.unreadable.length ? 1 : 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stdout.write(`✖ sync:reencrypt failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
