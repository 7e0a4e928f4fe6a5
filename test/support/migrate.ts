import { DataSource } from 'typeorm';
// A relative path, not @quorum/platform: Jest's global setup loads this before it registers the path aliases.
import { AppConfig, buildDataSourceOptions } from '../../libs/platform/src';

/**
 * Runs the migration chain on the database at `url` with the app's own DataSource options, one
 * transaction per migration, as the app does at boot. The test template and the benchmarks' databases are built this way.
 */
export async function migrate(url: string, appName: string): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(AppConfig.fromEnv({ NODE_ENV: 'test' }), url, appName));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
