import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asClusterUser, binDir, freePort, live, ownByCluster, run, tail, type TempCluster } from './pg-cluster';

/**
 * A streaming replica (hot standby) of a TempCluster from pg-cluster.ts, for tests of read-replica
 * routing: `pg_basebackup -R` copies the primary into a new folder (as the `postgres` OS user when
 * we are root, like pg-cluster) and writes standby.signal and primary_conninfo; the copy then
 * starts on its own free 127.0.0.1 port with its own Unix socket folder and streams WAL from the
 * primary over the `host replication all 127.0.0.1/32 trust` rule pg-cluster sets up.
 *
 * The result has the TempCluster shape. Always destroy() it (in afterAll) before the primary.
 */


async function pgCtl(dataDir: string, args: string[], cwd?: string): Promise<void> {
  const [cmd, cmdArgs] = asClusterUser('pg_ctl', ['-D', dataDir, ...args]);
  await run(cmd, cmdArgs, { cwd });
}

/** Creates a hot standby of `primary`, started and streaming. */
export async function startStreamingReplica(primary: TempCluster): Promise<TempCluster> {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'pg-replica-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  ownByCluster(root);
  const entry = { dataDir, root };
  live.add(entry);
  const fail = (error: unknown): never => {
    live.delete(entry);
    rmSync(root, { recursive: true, force: true });
    throw error;
  };

  try {
    // -R: standby.signal + primary_conninfo; -X stream: WAL streamed during the copy; -c fast:
    // immediate checkpoint on the primary instead of waiting for the next one.
    const [cmd, args] = asClusterUser('pg_basebackup', [
      '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres',
      '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync',
    ]);
    await run(cmd, args, { cwd: root });
    writeFileSync(logFile, '');
    ownByCluster(logFile);
  } catch (error) {
    fail(error);
  }

  // The copied postgresql.auto.conf names the primary's port and socket folder; later lines win.
  let port = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    port = await freePort();
    appendFileSync(
      join(dataDir, 'postgresql.auto.conf'),
      `port = '${port}'\nunix_socket_directories = '${root}'\nhot_standby = 'on'\n`,
    );
    try {
      await pgCtl(dataDir, ['-l', logFile, '-w', '-t', '90', 'start'], root);
      lastError = undefined;
      break;
    } catch (error) {
      lastError = new Error(`${(error as Error).message}\n--- replica log ---\n${tail(logFile)}`);
      await pgCtl(dataDir, ['-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() => undefined);
      if (!/could not bind|address already in use/i.test(tail(logFile, 50))) break;
    }
  }
  if (lastError) fail(lastError);

  let destroyed = false;
  const stopIfRunning = async (mode: 'fast' | 'immediate') => {
    if (!existsSync(join(dataDir, 'postmaster.pid'))) return;
    await pgCtl(dataDir, ['-m', mode, '-w', '-t', '90', 'stop']);
  };
  return {
    port,
    dataDir,
    url(db = 'postgres', params) {
      return `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(db)}${params ? `?${params.replace(/^\?/, '')}` : ''}`;
    },
    async start() {
      if (destroyed) throw new Error('replica destroyed');
      try {
        await pgCtl(dataDir, ['-l', logFile, '-w', '-t', '90', 'start'], root);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- replica log ---\n${tail(logFile)}`);
      }
    },
    stop(mode = 'fast') {
      return stopIfRunning(mode);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await stopIfRunning('immediate').catch(() => undefined);
      live.delete(entry);
      rmSync(root, { recursive: true, force: true });
    },
    psql(sql, db = 'postgres') {
      return run(join(bin, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', root, '-p', String(port), '-U', 'postgres', '-d', db, '-f', '-'], {
        input: sql,
      }).then((out) => out.trim());
    },
  };
}

/**
 * Waits until the replica has replayed everything the primary has written so far (bounded).
 * Throws after `timeoutMs`, naming both positions.
 */
export async function waitForReplay(primary: TempCluster, replica: TempCluster, timeoutMs = 30_000): Promise<void> {
  const target = await primary.psql('SELECT pg_current_wal_lsn()');
  const deadline = Date.now() + timeoutMs;
  let replayed = '';
  for (let attempt = 0; attempt < 1_000 && Date.now() < deadline; attempt += 1) {
    replayed = await replica.psql(
      `SELECT pg_last_wal_replay_lsn() || ' ' || (pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '${target}') >= 0)`,
    );
    if (replayed.endsWith(' true')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`replica did not replay up to ${target} within ${timeoutMs} ms (at ${replayed})`);
}
