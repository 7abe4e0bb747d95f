import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDb, type DbHandle } from '../../src/lib/db/client';
import { DatabaseTlsConfigError, pgConnectionConfig } from '../../src/lib/db/connection';
import { ensureDatabase, migrateDeploy } from '../../src/lib/db/migrate';
import { startTempCluster, type TempCluster } from '../support/pg-cluster';
import { startServerProcess } from '../support/server-process';
import { makeTestCertificates, type TestCertificates } from '../support/tls-certs';

/**
 * Encrypted database connections (issue #7): a PostgreSQL of its own with TLS on, a certificate
 * signed by a throwaway CA for localhost/127.0.0.1, and pg_hba accepting TLS connections only.
 * Everything goes through the app's own client factory (createDb), the migration helpers and the
 * real server process, with libpq's meaning of sslmode (src/lib/db/connection.ts).
 */
let certs: TestCertificates;
let cluster: TempCluster;
const handles: DbHandle[] = [];

beforeAll(async () => {
  certs = makeTestCertificates();
  cluster = await startTempCluster({
    // 127.0.0.2 is loopback too, but not in the certificate: the host-name check must catch it.
    conf: { ssl: 'on', ssl_cert_file: 'server.crt', ssl_key_file: 'server.key', listen_addresses: '127.0.0.1,127.0.0.2' },
    hba: ['hostssl all all 127.0.0.1/32 trust', 'hostssl all all 127.0.0.2/32 trust'],
    files: {
      'server.crt': { content: certs.serverCert, mode: 0o644 },
      'server.key': { content: certs.serverKey, mode: 0o600 },
    },
  });
}, 180_000);

afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await cluster?.destroy();
  certs?.remove();
}, 120_000);

function open(url: string): DbHandle {
  const handle = createDb(url, { role: null });
  handles.push(handle);
  return handle;
}

/** What the server says about the session's encryption (pg_stat_ssl), asked through Prisma. */
async function sessionSsl(handle: DbHandle): Promise<{ ssl: boolean; version: string | null }> {
  const rows = await handle.prisma.$queryRawUnsafe<{ ssl: boolean; version: string | null }[]>(
    'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
  );
  return rows[0]!;
}

function otherHost(url: string): string {
  return url.replace('@127.0.0.1:', '@127.0.0.2:');
}

describe('TLS to PostgreSQL (libpq sslmode semantics)', () => {
  it('sslmode=require encrypts without checking the certificate (the server sees an SSL session)', async () => {
    // pg on its own would treat require as verify-full and refuse this self-signed chain.
    const session = await sessionSsl(open(cluster.url('postgres', 'sslmode=require')));
    expect(session.ssl).toBe(true);
    expect(session.version).toMatch(/^TLSv1\.[23]$/);
  });

  it('verify-full with the right CA connects (the IP address is in the certificate)', async () => {
    const url = cluster.url('postgres', `sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.caFile)}`);
    expect((await sessionSsl(open(url))).ssl).toBe(true);
  });

  it('verify-full with a wrong CA fails with a certificate error', async () => {
    const handle = open(cluster.url('postgres', `sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.otherCaFile)}`));
    await expect(handle.pool.query('SELECT 1')).rejects.toThrow(/self[- ]signed certificate|unable to (verify|get local issuer)/i);
    await expect(sessionSsl(handle)).rejects.toThrow();
  });

  it('verify-full against a host name that is not in the certificate fails; verify-ca accepts it', async () => {
    const params = `sslrootcert=${encodeURIComponent(certs.caFile)}`;
    const full = open(otherHost(cluster.url('postgres', `sslmode=verify-full&${params}`)));
    await expect(full.pool.query('SELECT 1')).rejects.toThrow(/does not match certificate's altnames/i);
    // verify-ca checks the chain only, so the same host is fine there.
    const ca = open(otherHost(cluster.url('postgres', `sslmode=verify-ca&${params}`)));
    expect((await sessionSsl(ca)).ssl).toBe(true);
    // ...while a wrong CA still fails verify-ca.
    const wrong = open(otherHost(cluster.url('postgres', `sslmode=verify-ca&sslrootcert=${encodeURIComponent(certs.otherCaFile)}`)));
    await expect(wrong.pool.query('SELECT 1')).rejects.toThrow(/self[- ]signed certificate|unable to (verify|get local issuer)/i);
  });

  it('the hostssl-only server refuses a connection without TLS', async () => {
    for (const url of [cluster.url('postgres'), cluster.url('postgres', 'sslmode=disable')]) {
      const handle = open(url);
      await expect(handle.pool.query('SELECT 1')).rejects.toThrow(/no pg_hba\.conf entry .*no encryption/);
    }
  });

  it('refuses settings it cannot honour at start, naming them', () => {
    expect(() => open(cluster.url('postgres', 'sslmode=verify-ca'))).toThrow(DatabaseTlsConfigError);
    expect(() => open(cluster.url('postgres', 'sslmode=verify-ca'))).toThrow(/verify-ca needs a CA certificate file/);
    expect(() => open(cluster.url('postgres', 'sslmode=verify-full&sslrootcert=/nonexistent/ca.crt'))).toThrow(/cannot read .*\/nonexistent\/ca\.crt: ENOENT/);
    expect(() => open(cluster.url('postgres', 'sslmode=required'))).toThrow(/unsupported sslmode "required"/);
    expect(() => open(cluster.url('postgres', 'sslmode=require&sslrootcert=system'))).toThrow(/sslrootcert=system needs sslmode=verify-full/);
  });

  it('a CA file from the setting alone means verify-full; the URL without ssl parameters reaches pg unchanged', () => {
    const plain = cluster.url('postgres');
    expect(pgConnectionConfig(plain)).toEqual({ connectionString: plain });
    const config = pgConnectionConfig(plain, { caFile: certs.caFile });
    expect(config.ssl).toMatchObject({ ca: certs.caCert, rejectUnauthorized: true });
    expect((config.ssl as { checkServerIdentity?: unknown }).checkServerIdentity).toBeUndefined();
    // ssl parameters never reach pg, which would reinterpret them (require as verify-full).
    const stripped = pgConnectionConfig(cluster.url('postgres', `sslmode=require&application_name=x&uselibpqcompat=true`));
    expect(stripped.connectionString).toBe(cluster.url('postgres', 'application_name=x'));
  });
});

describe('migrations and the server over TLS', () => {
  const appUrl = () => cluster.url('app', `sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.caFile)}`);

  it('db:setup path: creates and migrates a database with sslmode=verify-full', async () => {
    expect(await ensureDatabase(appUrl())).toBe(true);
    await migrateDeploy(appUrl());
    const tables = await cluster.psql(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'Organization'`, 'app');
    expect(tables).toBe('1');
  }, 180_000);

  it('the Prisma CLI takes the CA from DATABASE_SSL_CA_FILE (a wrong one fails the migration)', async () => {
    const previous = process.env.DATABASE_SSL_CA_FILE;
    try {
      process.env.DATABASE_SSL_CA_FILE = certs.caFile;
      await expect(migrateDeploy(cluster.url('app', 'sslmode=verify-full'))).resolves.toMatch(/No pending migrations|applied/i);
      process.env.DATABASE_SSL_CA_FILE = certs.otherCaFile;
      await expect(migrateDeploy(cluster.url('app', 'sslmode=verify-full'))).rejects.toThrow(/certificate|TLS|SSL/i);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_SSL_CA_FILE;
      else process.env.DATABASE_SSL_CA_FILE = previous;
    }
  }, 180_000);

  it('the server with DATABASE_SSL_CA_FILE serves queries and reports ready; with a wrong CA it is not ready', async () => {
    const good = await startServerProcess({ DATABASE_URL: cluster.url('app'), DATABASE_SSL_CA_FILE: certs.caFile });
    try {
      expect((await fetch(`${good.base}/ready`)).status).toBe(200);
      const response = await fetch(`${good.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ marketplaceInfluencers(first: 1) { ... on MarketplaceInfluencerConnection { totalCount } } }' }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { marketplaceInfluencers: { totalCount: 0 } } });
      const sessions = await cluster.psql(`SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE ssl AND application_name = 'influencer-api'`);
      expect(Number(sessions)).toBeGreaterThanOrEqual(1);
    } finally {
      await good.stop();
    }
    const bad = await startServerProcess({ DATABASE_URL: cluster.url('app'), DATABASE_SSL_CA_FILE: certs.otherCaFile });
    try {
      expect((await fetch(`${bad.base}/ready`)).status).toBe(503);
    } finally {
      await bad.stop();
    }
  }, 180_000);
});
