import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { cliConnectionConfig, databaseNameOf, withDatabaseName } from './connection';

const require = createRequire(import.meta.url);
// See scripts/unref-long-timers.cjs: lets the CLI exit as soon as its work is done.
const UNREF_TIMERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/unref-long-timers.cjs');

/**
 * Runs the Prisma CLI (Wasm schema engine through the driver adapter of prisma.config.ts, no
 * download) with DATABASE_URL set to `databaseUrl`; resolves with its output, rejects on a non-zero exit.
 */
export async function runPrismaCli(args: string[], databaseUrl: string): Promise<string> {
  const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', UNREF_TIMERS, cli, ...args], {
      // prisma.config.ts prefers DATABASE_MIGRATION_URL: point both at the database asked for.
      env: { ...process.env, DATABASE_URL: databaseUrl, DATABASE_MIGRATION_URL: databaseUrl, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma ${args.join(' ')} failed (exit ${code}):\n${output}`));
    });
  });
}

/** Runs `prisma migrate deploy` (Wasm schema engine, no download) against the given database. */
export async function migrateDeploy(databaseUrl: string): Promise<string> {
  return runPrismaCli(['migrate', 'deploy'], databaseUrl);
}

/**
 * Runs `prisma db push` against the given database: creates exactly what schema.prisma describes,
 * without the migrations (and so without the SQL-only objects). For comparisons in tests only.
 */
export async function dbPush(databaseUrl: string): Promise<string> {
  return runPrismaCli(['db', 'push', '--skip-generate', '--accept-data-loss'], databaseUrl);
}

/** Creates the database named in `databaseUrl` if it does not exist (connecting to `postgres`). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseNameOf(databaseUrl);
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`unsupported database name: ${name}`);
  return onMaintenanceDatabase(databaseUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  });
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseNameOf(databaseUrl);
  await onMaintenanceDatabase(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Runs `work` on a connection to the `postgres` database of the server in `databaseUrl`. */
async function onMaintenanceDatabase<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = withDatabaseName(databaseUrl, 'postgres');
  const client = new pg.Client(cliConnectionConfig(url));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
