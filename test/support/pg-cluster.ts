import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Throwaway PostgreSQL clusters for tests that need a server of their own: one they can stop and
 * start (outage tests), configure (TLS, replication) or break, without touching the shared server
 * of DATABASE_URL that the rest of the suite uses.
 *
 * The binaries are the machine's PostgreSQL (`initdb`, `pg_ctl`, `postgres`, `psql`), found with
 * `pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin, or PG_BINDIR when set.
 * CI (.ci/run) installs Debian's `postgresql` package with apt-get when PostgreSQL is missing, so
 * the binaries and the `postgres` OS user exist there.
 *
 * PostgreSQL refuses to run as root: when the tests run as root (uid 0), initdb/pg_ctl run as the
 * `postgres` OS user through `runuser -u postgres --`, in a temporary folder that user owns.
 *
 * Each cluster listens on 127.0.0.1 only, on a free port, with trust authentication for
 * 127.0.0.1 (including `replication`, so a streaming replica can connect), a Unix socket in its own
 * folder (which `psql()` uses, so it works whatever the TCP pg_hba rules say), wal_level=replica
 * and max_wal_senders=10. Always call destroy() (in afterAll), even when a test fails.
 */
export interface TempCluster {
  port: number;
  dataDir: string;
  /** postgresql://postgres@127.0.0.1:<port>/<db>[?params]; db defaults to `postgres`. */
  url(db?: string, params?: string): string;
  /** Starts the (stopped) cluster again, same data, same port. Resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the cluster (`pg_ctl stop -m fast` by default). A stopped cluster stays stopped. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the cluster (immediate) and removes its folder. Safe to call twice. */
  destroy(): Promise<void>;
  /** Runs SQL with psql over the cluster's Unix socket as `postgres`; returns unaligned, tuples-only output. */
  psql(sql: string, db?: string): Promise<string>;
}

export interface TempClusterOptions {
  /** Extra postgresql.conf settings, e.g. `{ ssl: 'on', ssl_cert_file: 'server.crt' }`. Values are quoted for you. */
  conf?: Record<string, string>;
  /**
   * pg_hba.conf lines for TCP connections, replacing the default
   * `host all all 127.0.0.1/32 trust` + `host replication all 127.0.0.1/32 trust`.
   * `local all all trust` (the Unix socket psql() uses) is always kept.
   */
  hba?: string[];
  /** Files written into the data folder, owned by the cluster's user (mode defaults to 0600). */
  files?: Record<string, { content: string; mode?: number }>;
}

export const COMMAND_TIMEOUT_MS = 120_000;
/**
 * Clusters started by this file or pg-replica.ts and not destroyed yet: the exit hook at the end
 * stops them if a test file forgets destroy() or the worker exits early.
 */
export const live = new Set<{ dataDir: string; root: string }>();

let cachedBinDir: string | undefined;

/** The folder holding initdb, pg_ctl, postgres and psql. */
export function binDir(): string {
  if (cachedBinDir) return cachedBinDir;
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', timeout: 10_000 }).trim());
  } catch {
    // no pg_config on PATH
  }
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(join(base, version, 'bin'));
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) {
    throw new Error(
      `PostgreSQL server binaries (initdb, pg_ctl) not found (tried: ${candidates.join(', ') || 'nothing'}); ` +
        'install the postgresql package (apt-get install postgresql) or set PG_BINDIR',
    );
  }
  cachedBinDir = found;
  return found;
}

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

let cachedPostgresIds: { uid: number; gid: number } | undefined;
function postgresIds(): { uid: number; gid: number } {
  if (!cachedPostgresIds) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', timeout: 10_000 }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', timeout: 10_000 }).trim());
    cachedPostgresIds = { uid, gid };
  }
  return cachedPostgresIds;
}

/** Owns a path by the cluster's OS user (only needed, and only possible, as root). */
export function ownByCluster(path: string): void {
  if (!isRoot()) return;
  const { uid, gid } = postgresIds();
  chownSync(path, uid, gid);
}

/** [command, args] running a PostgreSQL server binary, as `postgres` when we are root. */
export function asClusterUser(binary: string, args: string[]): [string, string[]] {
  const path = join(binDir(), binary);
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

export function run(command: string, args: string[], options: { cwd?: string; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { cwd: options.cwd, timeout: COMMAND_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`.trim()));
        } else {
          resolve(stdout);
        }
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function confValue(value: string): string {
  if (/^'.*'$/s.test(value)) return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** Creates, configures and starts a new cluster. */
export async function startTempCluster(options: TempClusterOptions = {}): Promise<TempCluster> {
  const root = mkdtempSync(join(tmpdir(), 'pg-cluster-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  ownByCluster(root);
  const entry = { dataDir, root };
  live.add(entry);
  try {
    const [initCmd, initArgs] = asClusterUser('initdb', [
      '-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync',
    ]);
    await run(initCmd, initArgs, { cwd: root });
    const hba = ['local all all trust', ...(options.hba ?? ['host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust'])];
    writeFileSync(join(dataDir, 'pg_hba.conf'), `${hba.join('\n')}\n`);
    ownByCluster(join(dataDir, 'pg_hba.conf'));
    for (const [name, file] of Object.entries(options.files ?? {})) {
      const path = join(dataDir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
      chmodSync(path, file.mode ?? 0o600);
      ownByCluster(path);
    }
  } catch (error) {
    forget(entry);
    throw error;
  }

  let port: number;
  try {
    port = await startOnFreePort(dataDir, logFile, root, (free) => {
      const settings: Record<string, string> = {
        listen_addresses: '127.0.0.1',
        port: String(free),
        unix_socket_directories: root,
        wal_level: 'replica',
        max_wal_senders: '10',
        max_replication_slots: '10',
        max_connections: '50',
        shared_buffers: '16MB',
        fsync: 'off',
        ...options.conf,
      };
      // postgresql.auto.conf is read after postgresql.conf, so rewriting it per attempt wins.
      writeFileSync(
        join(dataDir, 'postgresql.auto.conf'),
        Object.entries(settings).map(([key, value]) => `${key} = ${confValue(value)}`).join('\n') + '\n',
      );
      ownByCluster(join(dataDir, 'postgresql.auto.conf'));
    });
  } catch (error) {
    forget(entry);
    throw error;
  }
  return clusterHandle(entry, port, logFile);
}

/**
 * Starts the server of `dataDir` on a free 127.0.0.1 port and returns the port. `configure(port)`
 * writes the port (and whatever else) into the server's configuration before each attempt:
 * another process may take the port between freePort() and the server's bind, so a bind failure
 * is retried a few times on another port.
 */
export async function startOnFreePort(dataDir: string, logFile: string, root: string, configure: (port: number) => void): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    configure(port);
    try {
      await pgCtlStart(dataDir, logFile, root);
      return port;
    } catch (error) {
      lastError = error;
      await pgCtlStop(dataDir, 'immediate').catch(() => undefined);
      if (!/could not bind|address already in use/i.test(tail(logFile, 50))) break;
    }
  }
  throw lastError;
}

/** Removes a cluster's folder and its entry in `live` (a cluster that failed to start, or a destroyed one). */
export function forget(entry: { dataDir: string; root: string }): void {
  live.delete(entry);
  rmSync(entry.root, { recursive: true, force: true });
}

/** The TempCluster handle of a started server in `entry.root` (a cluster of this file or a replica). */
export function clusterHandle(entry: { dataDir: string; root: string }, port: number, logFile: string): TempCluster {
  const { dataDir, root } = entry;
  let destroyed = false;
  return {
    port,
    dataDir,
    url(db = 'postgres', params) {
      return `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(db)}${params ? `?${params.replace(/^\?/, '')}` : ''}`;
    },
    async start() {
      if (destroyed) throw new Error('cluster destroyed');
      await pgCtlStart(dataDir, logFile, root);
    },
    async stop(mode = 'fast') {
      await pgCtlStop(dataDir, mode);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await pgCtlStop(dataDir, 'immediate').catch(() => undefined);
      forget(entry);
    },
    psql(sql, db = 'postgres') {
      return run(join(binDir(), 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', root, '-p', String(port), '-U', 'postgres', '-d', db, '-f', '-'], {
        input: sql,
      }).then((out) => out.trim());
    },
  };
}

async function pgCtlStart(dataDir: string, logFile: string, root: string): Promise<void> {
  if (!existsSync(logFile)) {
    writeFileSync(logFile, '');
    ownByCluster(logFile);
  }
  const [cmd, args] = asClusterUser('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '90', 'start']);
  try {
    await run(cmd, args, { cwd: root });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- server log ---\n${tail(logFile)}`);
  }
}

async function pgCtlStop(dataDir: string, mode: 'fast' | 'immediate'): Promise<void> {
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return;
  const [cmd, args] = asClusterUser('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '90', 'stop']);
  await run(cmd, args);
}

// Last resort when a test file forgets destroy() or the worker exits early: stop what is left.
process.once('exit', () => {
  for (const { dataDir, root } of live) {
    try {
      if (existsSync(join(dataDir, 'postmaster.pid'))) {
        const [cmd, args] = asClusterUser('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop']);
        execFileSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
      }
      rmSync(root, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});
