import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, withClient, withDatabase } from './postgres';
import { TEST_DB_PREFIX, TEST_ENV } from './test-env';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through Jest's e2e project (npm test)`);
  return value;
}

/** A fresh database cloned from the migrated template, private to the calling test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = required(TEST_ENV.adminUrl);
  const template = required(TEST_ENV.template);
  const name = `${TEST_DB_PREFIX}${required(TEST_ENV.runId)}_w${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(3).toString('hex')}`;
  await withClient(adminUrl, async (admin) => {
    // Two clones of one template at the same instant can collide; a short retry covers it.
    for (let attempt = 0; ; attempt++) {
      try {
        await createDatabase(admin, name, template);
        return;
      } catch (error) {
        if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
    }
  });
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => withClient(adminUrl, (admin) => dropDatabase(admin, name)),
  };
}

/** Redis URL for tests, or undefined when none answered (the tests that need it then skip, loudly). */
export function testRedisUrl(): string | undefined {
  return process.env[TEST_ENV.redisUrl] || undefined;
}

/** A key prefix private to one test file, so parallel files never see each other's keys. */
export function testRedisPrefix(): string {
  return `test:${process.env[TEST_ENV.runId]}:w${process.env.JEST_WORKER_ID ?? '0'}:${randomBytes(3).toString('hex')}:`;
}
