import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startTempCluster, type TempCluster } from '../support/pg-cluster';

// The throwaway-cluster helper other tests build on (TLS, outage, replication): it must really
// stop and start again on the same port, keep its data, and take the caller's settings.
describe('temporary PostgreSQL cluster', () => {
  let cluster: TempCluster | undefined;
  afterAll(async () => {
    await cluster?.destroy();
  }, 120_000);

  async function query(sql: string): Promise<string> {
    const client = new pg.Client({ connectionString: cluster!.url(), connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      const result = await client.query(sql);
      return String(Object.values(result.rows[0] as object)[0]);
    } finally {
      await client.end();
    }
  }

  it('starts, stops and starts again on the same port with its data and settings', async () => {
    cluster = await startTempCluster({ conf: { application_name: 'pg cluster test', work_mem: '8MB' } });
    expect(cluster.port).toBeGreaterThan(0);
    expect(await query('SHOW wal_level')).toBe('replica');
    expect(Number(await query('SHOW max_wal_senders'))).toBeGreaterThanOrEqual(5);
    expect(await query('SHOW work_mem')).toBe('8MB');
    await cluster.psql('CREATE TABLE kept (v int); INSERT INTO kept VALUES (42);');

    await cluster.stop();
    await expect(query('SELECT 1')).rejects.toThrow(/ECONNREFUSED|connect/);

    await cluster.start();
    expect(await query('SELECT v FROM kept')).toBe('42');
    expect(await cluster.psql('SELECT count(*) FROM kept')).toBe('1');
  }, 180_000);

  it('destroy() stops the server and removes its folder', async () => {
    const { existsSync } = await import('node:fs');
    const dataDir = cluster!.dataDir;
    await cluster!.destroy();
    expect(existsSync(dataDir)).toBe(false);
    await expect(query('SELECT 1')).rejects.toThrow(/ECONNREFUSED|connect/);
    cluster = undefined;
  }, 120_000);
});
