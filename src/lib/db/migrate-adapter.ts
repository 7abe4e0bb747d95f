import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { cliConnectionConfig, withDatabaseName } from './connection';

/**
 * Driver adapter for the Prisma CLI (migrate, db push, studio) running on the Wasm schema engine.
 * See ../shared/notes/prisma-offline.md: this setup downloads no engine binary. Two gaps are closed here:
 *
 * 1. PrismaPg cannot map PostgreSQL's internal `"char"` type (oid 18) that catalog queries return
 *    (pg_constraint.contype and friends), and the engine panics when such a column arrives as text.
 *    The pg client reports it as text with a marked column name; queryRaw then strips the mark and
 *    declares the column as the engine's Character type, which is what it reads there.
 * 2. PrismaPg's executeScript splits a migration on every ';', which breaks on function bodies and
 *    comments. We send the whole script in one simple-protocol query instead, which PostgreSQL also
 *    runs as one implicit transaction: a migration applies completely or not at all.
 * 3. PrismaPg's own connectToShadowDb reuses the main database when given a connection string, and
 *    drops the shadow database before closing its pool. We create a uniquely named database, connect
 *    a second adapter to it, and on dispose close that adapter first, then drop the database.
 */

const CHAR_OID = 18;
const TEXT_OID = 25;

const CHAR_MARK = '\u0000pg_char';
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils

type FieldLike = { dataTypeID: number; name: string };
function retypeCharFields(result: unknown): void {
  for (const r of Array.isArray(result) ? result : [result]) {
    const fields = (r as { fields?: FieldLike[] } | undefined)?.fields;
    if (!fields) continue;
    for (const f of fields) {
      if (f.dataTypeID !== CHAR_OID) continue;
      f.dataTypeID = TEXT_OID;
      f.name += CHAR_MARK;
    }
  }
}

class CharAsTextClient extends pg.Client {
  // pg's query() has many overloads; this wrapper keeps all of them and only rewrites result metadata.
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const cb = last as (err: Error | null, res: unknown) => void;
      args[args.length - 1] = (err: Error | null, res: unknown) => {
        if (!err) retypeCharFields(res);
        cb(err, res);
      };
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<unknown>).then((res) => {
        retypeCharFields(res);
        return res;
      }) as never;
    }
    return out as never;
  }
}


function poolFor(connectionString: string): pg.Pool {
  return new pg.Pool({ ...cliConnectionConfig(connectionString), Client: CharAsTextClient, max: 4, allowExitOnIdle: true });
}

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

function wholeScriptAdapter(pool: pg.Pool, adapter: Adapter): Adapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result = await queryRaw(query);
    result.columnNames.forEach((name, i) => {
      if (!name.endsWith(CHAR_MARK)) return;
      result.columnNames[i] = name.slice(0, -CHAR_MARK.length);
      (result.columnTypes as number[])[i] = CHARACTER_COLUMN;
    });
    return result;
  };
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      // The adapter's own error mapping turns a pg error into the engine's error shape.
      (adapter as unknown as { onError(e: unknown): never }).onError(error);
    }
  };
  return adapter;
}

function adapterFactory(connectionString: string): PrismaPg {
  const pool = poolFor(connectionString);
  const factory = new PrismaPg(pool, { disposeExternalPool: true });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => wholeScriptAdapter(pool, await connect());
  return factory;
}

export function migrationAdapter(databaseUrl: string | undefined): PrismaPg {
  const connectionString = databaseUrl ?? 'postgresql://unset@127.0.0.1:1/unset';
  const factory = adapterFactory(connectionString);
  if (!databaseUrl) {
    const missing = async (): Promise<never> => {
      throw new Error('DATABASE_URL is not set: this Prisma command needs a database (see README, Configuration)');
    };
    factory.connect = missing;
    factory.connectToShadowDb = missing;
    return factory;
  }
  factory.connectToShadowDb = async () => {
    const admin = new pg.Client(cliConnectionConfig(connectionString));
    await admin.connect();
    const database = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
    } finally {
      await admin.end();
    }
    const shadowFactory = adapterFactory(withDatabaseName(connectionString, database));
    const adapter = await shadowFactory.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const dropper = new pg.Client(cliConnectionConfig(connectionString));
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    };
    return adapter;
  };
  return factory;
}
