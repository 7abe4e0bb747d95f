import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { env } from '../env';

export type Db = PrismaClient;

export interface DbHandle {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * One pg.Pool per process, shared by Prisma (through the driver adapter) and by the few raw-SQL
 * paths (readiness probe, aggregates). Timeouts are explicit: pg waits forever by default.
 */
export function createDb(connectionString: string): DbHandle {
  const settings = env();
  const pool = new pg.Pool({
    connectionString,
    max: settings.DATABASE_POOL_MAX,
    connectionTimeoutMillis: settings.DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS || undefined,
    application_name: 'influencer-api',
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (error) => console.warn(JSON.stringify({ level: 40, msg: 'idle database connection lost', err: error.message })));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

let current: DbHandle | undefined;

/** The process-wide database, set once at start by server.ts or the test harness. */
export function setDb(handle: DbHandle): void {
  current = handle;
}

export function db(): PrismaClient {
  if (!current) throw new Error('database not initialised: call setDb() first');
  return current.prisma;
}

/** Connection settings of the process-wide pool, for short-lived side connections (readiness). */
export function dbConnectionConfig(): pg.ClientConfig {
  if (!current) throw new Error('database not initialised: call setDb() first');
  return { connectionString: (current.pool.options as pg.PoolConfig).connectionString };
}
