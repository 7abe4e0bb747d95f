import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { ROLE_NAME, env } from '../env';
import { pgConnectionConfig } from './connection';
import { installPlanCache } from './plan-cache';
import { routeDb } from './replica';
import { instrumentPool } from './sql-tracing';
import { withTenantScope } from './tenant-scope';

/**
 * The client db() returns: PrismaClient wrapped by withTenantScope (tenant-scope.ts), which changes
 * no signatures, so it is typed as PrismaClient (what Pothos and the services expect).
 */
export type Db = PrismaClient;

export interface DbHandle {
  /** Wrapped in the tenant scope: use this one. */
  prisma: Db;
  pool: pg.Pool;
  /** The role each connection runs as after connecting (SET ROLE), or null for the login role. */
  role: string | null;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** Overrides DATABASE_RUNTIME_ROLE; null: stay the login role. */
  role?: string | null;
}


/**
 * One pg.Pool per process, shared by Prisma (through the driver adapter) and by the few raw-SQL
 * paths (readiness probe, aggregates). Timeouts are explicit: pg waits forever by default.
 */
export function createDb(connectionString: string, options: CreateDbOptions = {}): DbHandle {
  const settings = env();
  const role = options.role === undefined ? (settings.DATABASE_RUNTIME_ROLE ?? null) : options.role;
  if (role !== null && !ROLE_NAME.test(role)) throw new Error(`invalid database role name: ${JSON.stringify(role)}`);
  const pool = new pg.Pool({
    // libpq's sslmode rules and DATABASE_SSL_CA_FILE (connection.ts), not pg's own reading of the URL.
    ...pgConnectionConfig(connectionString, { caFile: settings.DATABASE_SSL_CA_FILE }),
    max: settings.DATABASE_POOL_MAX,
    connectionTimeoutMillis: settings.DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS || undefined,
    application_name: settings.DATABASE_APPLICATION_NAME,
    // pg-pool awaits this before handing a new connection out (a failure ends the connection and
    // fails the checkout), so no query ever runs as the login role. The name is validated above.
    onConnect: role ? (client) => client.query(`SET ROLE "${role}"`).then(() => undefined) : undefined,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (error) => console.warn(JSON.stringify({ level: 40, msg: 'idle database connection lost', err: error.message })));
  // SQL spans when tracing runs (sql-tracing.ts); one boolean check per statement otherwise.
  instrumentPool(pool);
  // Under a tenant scope every query runs in a (batch) transaction (tenant-scope.ts), so Prisma's
  // 5 s default transaction timeout would cut off any query slower than that. The statement
  // timeout is the real limit; the transaction gets a second more, and waits for a connection as
  // long as the pool does.
  installPlanCache(settings.QUERY_PLAN_CACHE_SIZE, { verifyHits: settings.QUERY_PLAN_CACHE_VERIFY });
  const base = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: {
      timeout: (settings.DATABASE_STATEMENT_TIMEOUT_MS || 600_000) + 1_000,
      maxWait: settings.DATABASE_CONNECT_TIMEOUT_MS,
    },
  });
  const prisma = withTenantScope(base);
  return {
    prisma,
    pool,
    role,
    async close() {
      await base.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

let current: DbHandle | undefined;

/**
 * The process-wide database, set once at start by server.ts or the test harness. Returns the
 * handle it replaces, so a test can swap in another one and restore it.
 */
export function setDb(handle: DbHandle): DbHandle | undefined {
  const previous = current;
  current = handle;
  return previous;
}

export function db(): Db {
  if (!current) throw new Error('database not initialised: call setDb() first');
  // A query operation's execution reads from the replica when one is set (replica.ts).
  return routeDb(current.prisma);
}

/** Connection settings of the process-wide pool, for short-lived side connections (readiness). */
export function dbConnectionConfig(): pg.ClientConfig {
  if (!current) throw new Error('database not initialised: call setDb() first');
  return connectionConfigOf(current.pool);
}

/** Where and how a pool connects (URL and TLS), for a side connection to the same server. */
export function connectionConfigOf(pool: pg.Pool): pg.ClientConfig {
  const options = pool.options as pg.PoolConfig;
  return { connectionString: options.connectionString, ssl: options.ssl };
}
