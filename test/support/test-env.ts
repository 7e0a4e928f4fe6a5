/**
 * Names shared by the global setup (which prepares the servers) and the
 * Jest workers (which each get their own database and Redis key prefix).
 */
export const TEST_ENV = {
  /** Admin connection to the server the tests use (local, or the embedded one started for them). */
  adminUrl: 'QUORUM_TEST_ADMIN_URL',
  /** A migrated database that each test file clones. */
  template: 'QUORUM_TEST_TEMPLATE',
  /** Empty when no Redis answered: Redis tests then skip, saying so (never in CI). */
  redisUrl: 'QUORUM_TEST_REDIS_URL',
  runId: 'QUORUM_TEST_RUN_ID',
  /** Set when global setup started an embedded PostgreSQL that global teardown must stop. */
  embeddedDir: 'QUORUM_TEST_EMBEDDED_DIR',
} as const;

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
/** Every database the tests create starts with this, so they can never touch a real one. */
export const TEST_DB_PREFIX = 'quorum_test_';
