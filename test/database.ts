import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/lib/db/embedded';
import { withDatabaseName } from '../src/lib/db/connection';
import { dropDatabase, ensureDatabase, migrateDeploy } from '../src/lib/db/migrate';

/**
 * Where test databases live: the PostgreSQL server of DATABASE_URL when it is set (CI uses the
 * machine's server), or an embedded PostgreSQL otherwise, so a bare machine passes `npm test`.
 * Each run gets its own freshly migrated database, dropped at the end.
 */
export interface TestDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
}

export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let embedded: EmbeddedDatabase | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: process.env.TEST_EMBEDDED_PG_DIR ?? `.data/test-postgres-${process.pid}`,
      port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54000 + (process.pid % 1000)),
      persistent: false,
    });
    serverUrl = embedded.adminUrl;
  }
  const url = withDatabaseName(serverUrl, name);
  await ensureDatabase(url);
  await migrateDeploy(url);
  return { url, embedded };
}

export async function destroyTestDatabase(db: TestDatabase): Promise<void> {
  await dropDatabase(db.url);
  await db.embedded?.stop();
}
