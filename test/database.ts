import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/lib/db/embedded';
import { withDatabaseName } from '../src/lib/db/connection';
import { dropDatabase, ensureDatabase, migrateDeploy } from '../src/lib/db/migrate';
import { freePort } from './support/pg-cluster';

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
    embedded = await startEmbedded();
    serverUrl = embedded.adminUrl;
  }
  const url = withDatabaseName(serverUrl, name);
  await ensureDatabase(url);
  await migrateDeploy(url);
  return { url, embedded };
}

/**
 * The embedded server on TEST_EMBEDDED_PG_PORT, or on a free port: another process can take a
 * free port before PostgreSQL binds it, so a start that fails is tried again on another (3 tries).
 */
async function startEmbedded(): Promise<EmbeddedDatabase> {
  const fixedPort = process.env.TEST_EMBEDDED_PG_PORT;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startEmbeddedPostgres({
        dataDir: process.env.TEST_EMBEDDED_PG_DIR ?? `.data/test-postgres-${process.pid}`,
        port: fixedPort ? Number(fixedPort) : await freePort(),
        persistent: false,
      });
    } catch (error) {
      if (fixedPort || attempt === 3) throw error;
    }
  }
}

export async function destroyTestDatabase(db: TestDatabase): Promise<void> {
  await dropDatabase(db.url);
  await db.embedded?.stop();
}
