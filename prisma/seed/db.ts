// Plain `pg` for bulk work: one multi-row INSERT ... SELECT FROM unnest(...) per batch instead of
// one Prisma round trip per row.
import pg from 'pg';

export type Db = pg.Pool | pg.PoolClient;

export function createPool(connectionString: string, max: number): pg.Pool {
  return new pg.Pool({
    connectionString,
    max,
    // UTC so that now() lands in the timestamp(3) columns the way Prisma writes them; seed data
    // can be regenerated, so commits need not wait for the WAL flush.
    options: '-c TimeZone=UTC -c synchronous_commit=off',
  });
}

/** [column, PostgreSQL type of the unnested array element, optional SQL expression over t."column"]. */
export type Column = readonly [name: string, type: string, expr?: string];

export interface InsertSpec {
  table: string;
  columns: readonly Column[];
  /** One tuple per row, in column order. */
  rows: readonly (readonly unknown[])[];
  /** Appended verbatim after the SELECT, e.g. 'ON CONFLICT DO NOTHING'. */
  conflict?: string;
  /** Extra WHERE over the unnested rows `t`, e.g. to skip rows that already exist. */
  where?: string;
  returning?: string;
  /** Adds "updatedAt" = now(): Prisma's @updatedAt has no database default. */
  updatedAt?: boolean;
}

/**
 * INSERT ... SELECT FROM unnest($1::type[], ...): one statement and one parameter per column,
 * whatever the row count. Array-valued columns are passed as comma-joined text and rebuilt
 * with string_to_array in `expr`, because unnest flattens nested arrays.
 */
export async function insertRows<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Db,
  spec: InsertSpec,
): Promise<pg.QueryResult<R>> {
  const { table, columns, rows, conflict = 'ON CONFLICT DO NOTHING', where, returning, updatedAt = true } = spec;
  const names = columns.map(([name]) => `"${name}"`);
  const params = columns.map((_, c) => rows.map((row) => row[c] ?? null));
  const select = columns.map(([name, , expr]) => expr ?? `t."${name}"`);
  const sql = [
    `INSERT INTO "${table}" (${[...names, ...(updatedAt ? ['"updatedAt"'] : [])].join(', ')})`,
    `SELECT ${[...select, ...(updatedAt ? ['now()'] : [])].join(', ')}`,
    `FROM unnest(${columns.map(([, type], c) => `$${c + 1}::${type}[]`).join(', ')}) AS t(${names.join(', ')})`,
    where ? `WHERE ${where}` : '',
    conflict,
    returning ? `RETURNING ${returning}` : '',
  ].join('\n');
  if (rows.length === 0) return { rows: [], rowCount: 0, command: 'INSERT', oid: 0, fields: [] };
  return db.query<R>(sql, params);
}

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Rows inserted per table during this run. */
export class Tally {
  readonly inserted = new Map<string, number>();

  add(table: string, count: number | null): void {
    this.inserted.set(table, (this.inserted.get(table) ?? 0) + (count ?? 0));
  }
}

/** Progress lines like `creators 120000/1000000 (12%) 8.1s`, at most one every `everyMs`. */
export class Progress {
  private readonly started = Date.now();
  private lastLine = Date.now();
  private lastDone = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly log: (line: string) => void,
    private readonly everyMs = 2000,
  ) {}

  update(done: number, force = false): void {
    const now = Date.now();
    if (force ? done === this.lastDone : now - this.lastLine < this.everyMs) return;
    this.lastLine = now;
    this.lastDone = done;
    const pct = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    this.log(`${this.label} ${done}/${this.total} (${pct}%) ${((now - this.started) / 1000).toFixed(1)}s`);
  }
}

/** Runs `tasks` with at most `limit` in flight; rejects on the first failure. */
export async function runLimited(tasks: Iterable<() => Promise<void>>, limit: number): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (const task of tasks) {
    const p: Promise<void> = task().finally(() => inFlight.delete(p));
    p.catch(() => undefined); // surfaced by race/all below; avoids an unhandled rejection meanwhile
    inFlight.add(p);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}
