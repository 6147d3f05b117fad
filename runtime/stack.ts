import { type DatabaseHandle, openDatabase, pgliteDir } from '../db/client.js';
import type { Config } from './config.js';
import { log } from './log.js';

export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  const database = openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATABASE_URL ? undefined : pgliteDir(config.DATA_DIR),
    poolSize: config.DATABASE_POOL_SIZE,
  });
  await database.migrate();
  log.info({ database: database.kind }, 'database migrated');
  return database;
}
