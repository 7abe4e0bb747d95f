import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asClusterUser, clusterHandle, forget, live, ownByCluster, run, startOnFreePort, type TempCluster } from './pg-cluster';

/**
 * A streaming replica (hot standby) of a TempCluster from pg-cluster.ts, for tests of read-replica
 * routing: `pg_basebackup -R` copies the primary into a new folder (as the `postgres` OS user when
 * we are root, like pg-cluster) and writes standby.signal and primary_conninfo; the copy then
 * starts on its own free 127.0.0.1 port with its own Unix socket folder and streams WAL from the
 * primary over the `host replication all 127.0.0.1/32 trust` rule pg-cluster sets up.
 *
 * The result has the TempCluster shape. Always destroy() it (in afterAll) before the primary.
 */

/** Creates a hot standby of `primary`, started and streaming. */
export async function startStreamingReplica(primary: TempCluster): Promise<TempCluster> {
  const root = mkdtempSync(join(tmpdir(), 'pg-replica-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  ownByCluster(root);
  const entry = { dataDir, root };
  live.add(entry);
  try {
    // -R: standby.signal + primary_conninfo; -X stream: WAL streamed during the copy; -c fast:
    // immediate checkpoint on the primary instead of waiting for the next one.
    const [cmd, args] = asClusterUser('pg_basebackup', [
      '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres',
      '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync',
    ]);
    await run(cmd, args, { cwd: root });
    // The copied postgresql.auto.conf names the primary's port and socket folder; later lines win.
    const port = await startOnFreePort(dataDir, logFile, root, (free) =>
      appendFileSync(join(dataDir, 'postgresql.auto.conf'), `port = '${free}'\nunix_socket_directories = '${root}'\nhot_standby = 'on'\n`),
    );
    return clusterHandle(entry, port, logFile);
  } catch (error) {
    forget(entry);
    throw error;
  }
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
