import { Logger } from '@nestjs/common';
import { type AppConfig } from '../config';
import { EmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  /** Set when this process started an embedded server and must stop it last. */
  embedded?: EmbeddedPostgres;
}

/** DATABASE_URL when given; otherwise a real PostgreSQL started from the embedded-postgres binaries. */
export async function resolveDatabase(config: AppConfig, logger = new Logger('Database')): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    logger.log(`using PostgreSQL at ${redactUrl(config.databaseUrl)} (DATABASE_URL)`);
    return { url: config.databaseUrl };
  }
  const embedded = new EmbeddedPostgres({
    dataDir: config.embeddedDbDir,
    port: config.embeddedDbPort,
    database: 'quorum',
    log: (message) => logger.log(message),
  });
  const url = await embedded.start();
  logger.log(`DATABASE_URL is not set: using the embedded PostgreSQL at ${url} (data in ${config.embeddedDbDir})`);
  return { url, embedded: embedded.owned ? embedded : undefined };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable URL]';
  }
}
