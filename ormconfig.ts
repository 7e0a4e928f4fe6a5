import { AppConfig, buildDataSourceOptions, loadDotEnv } from '@quorum/platform';
import { DataSource } from 'typeorm';

/**
 * The DataSource for the TypeORM CLI (`npm run migration:*`). The app builds
 * its own from the same buildDataSourceOptions, so both always agree.
 * Without DATABASE_URL it points at the embedded server, which `npm start`
 * (or `npm run db:embedded`) must have running.
 */
loadDotEnv();
const config = AppConfig.fromEnv(process.env);
const url = config.databaseUrl ?? `postgres://postgres@127.0.0.1:${config.embeddedDbPort}/quorum`;

export default new DataSource(buildDataSourceOptions(config, url, 'quorum-cli'));
