import { afterAll, beforeAll } from '@jest/globals';
import type { Pool } from 'pg';
import { createDb, setDb, type DbHandle } from '../src/lib/db/client';

/** The row-level-security wrapper the tenant-scope layer (src/lib/db) puts around each statement. */
const RLS_WRAPPER = /^\s*(BEGIN|COMMIT|SELECT set_config\('app\.)/;

export interface SqlRecording<T> {
  /** What the recorded function returned. */
  result: T;
  /** Every statement that reached PostgreSQL, in order (connection setup, SET ROLE, left out). */
  all: string[];
  /** The same without the RLS wrapper (BEGIN, set_config, COMMIT): the statements of the work itself. */
  data: string[];
}

export type RecordSql = <T>(fn: () => Promise<T>) => Promise<SqlRecording<T>>;

/**
 * Makes every connection `pool` opens from now on report each SQL text it sends to `onStatement`
 * (the driver-adapter client emits no Prisma query events). The SET ROLE of a connection's setup
 * is left out.
 */
export function tapPool(pool: Pool, onStatement: (text: string) => void): void {
  pool.on('connect', (connection) => {
    const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
    (connection as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '');
      if (!/^SET ROLE/i.test(text)) onStatement(text);
      return query(...args);
    };
  });
}

/**
 * A SQL query recorder for statement-count tests. Call it in a describe block: for that block it
 * installs a database handle of its own whose pool connections record every statement they send
 * (the driver-adapter client emits no Prisma query events), and returns `recordSql`, which runs a
 * function and gives back the statements sent while it ran.
 */
export function useSqlRecorder(): RecordSql {
  let handle: DbHandle;
  let previous: DbHandle | undefined;
  let statements: string[] | null = null;
  beforeAll(() => {
    handle = createDb(process.env.TEST_DATABASE_URL!);
    tapPool(handle.pool, (text) => statements?.push(text));
    previous = setDb(handle);
  });
  afterAll(async () => {
    if (previous) setDb(previous);
    await handle.close();
  });

  return async (fn) => {
    const all: string[] = [];
    statements = all;
    try {
      const result = await fn();
      return { result, all, data: all.filter((s) => !RLS_WRAPPER.test(s)) };
    } finally {
      statements = null;
    }
  };
}
