import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signDevSessionToken } from '../../src/lib/auth/dev-keys';
import { createDb, type DbHandle } from '../../src/lib/db/client';
import { startTempCluster, type TempCluster } from '../support/pg-cluster';
import { startServerProcess, TSX_NODE } from '../support/server-process';

/**
 * README "Database roles and TLS": the operator's SQL, exactly as the README prints it, run on a
 * PostgreSQL of its own; then `npm run db:deploy` with DATABASE_MIGRATION_URL (the owner) while
 * DATABASE_URL is the runtime login, and the server on that runtime login.
 */
let cluster: TempCluster;
const handles: DbHandle[] = [];
const ownerUrl = () => cluster.url('influencer').replace('postgres@', 'app_owner@');
const apiUrl = () => cluster.url('influencer').replace('postgres@', 'app_api@');

function readmeSql(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Database roles and TLS'));
  const block = /```sql\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no sql block under "Database roles and TLS"');
  return block[1]!;
}

/** `npm run db:deploy` as package.json spells it, with this Node. */
function dbDeploy(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['db:deploy']!;
  const [node, ...args] = script.split(' ');
  expect(node).toBe('node');
  return run(args, env);
}

/** Runs this Node with `args` and `env` on top of the test environment; killed after 2 minutes. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

beforeAll(async () => {
  cluster = await startTempCluster();
}, 180_000);

afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await cluster?.destroy();
}, 120_000);

describe('migration role and runtime role', () => {
  it('the README SQL sets up the roles; db:deploy migrates as the owner given by DATABASE_MIGRATION_URL', async () => {
    await cluster.psql(readmeSql());
    // DATABASE_URL is the runtime login, which may not create anything: only DATABASE_MIGRATION_URL can succeed.
    const deploy = await dbDeploy({ DATABASE_URL: apiUrl(), DATABASE_MIGRATION_URL: ownerUrl() });
    expect(deploy.output).toMatch(/migrations have been successfully applied/i);
    expect(deploy.code).toBe(0);
    const owners = await cluster.psql(
      `SELECT string_agg(DISTINCT pg_get_userbyid(c.relowner), ',') || ' ' || count(*)
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'i', 'S', 'v')`,
      'influencer',
    );
    const [owner, count] = owners.split(' ');
    expect(owner).toBe('app_owner');
    expect(Number(count)).toBeGreaterThan(20);
    const api = await cluster.psql(
      `SELECT rolsuper, rolbypassrls, rolinherit, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'app_api'`,
    );
    expect(api).toBe('f|f|f|f|f');
    expect(await cluster.psql(`SELECT count(*) FROM pg_class WHERE pg_get_userbyid(relowner) IN ('app_api', 'app_runtime')`, 'influencer')).toBe('0');
  }, 180_000);

  it('the runtime login can do nothing by itself, and as app_runtime only what the grants allow', async () => {
    const bare = createDb(apiUrl(), { role: null });
    handles.push(bare);
    await expect(bare.pool.query('SELECT count(*) FROM "Organization"')).rejects.toThrow(/permission denied for table Organization/);
    await expect(bare.pool.query('CREATE TABLE intruder (x int)')).rejects.toThrow(/permission denied for schema public/);

    const runtime = createDb(apiUrl(), { role: 'app_runtime' });
    handles.push(runtime);
    expect((await runtime.pool.query('SELECT current_user AS u')).rows[0].u).toBe('app_runtime');
    await expect(runtime.pool.query('SELECT count(*) FROM "Organization"')).resolves.toBeTruthy();
    await expect(runtime.pool.query('CREATE TABLE intruder (x int)')).rejects.toThrow(/permission denied for schema public/);
    await expect(runtime.pool.query('DELETE FROM "AuditLog"')).rejects.toThrow(/permission denied for table AuditLog/);
    await expect(runtime.pool.query('ALTER TABLE "Organization" DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
    await expect(runtime.pool.query('DELETE FROM "_prisma_migrations"')).rejects.toThrow(/permission denied/);
  }, 60_000);

  it('the retention job runs with the owner URL (README), not with the runtime login', async () => {
    const asOwner = await run([...TSX_NODE, 'scripts/jobs/retention.ts'], { DATABASE_URL: ownerUrl() });
    expect(asOwner.code).toBe(0);
    expect(JSON.parse(asOwner.output.trim().split('\n').pop()!)).toEqual(expect.any(Object));
    const asApi = await run([...TSX_NODE, 'scripts/jobs/retention.ts'], { DATABASE_URL: apiUrl() });
    expect(asApi.code).not.toBe(0);
    expect(asApi.output).toMatch(/permission denied/);
  }, 120_000);

  it('the server runs on the runtime login with DATABASE_RUNTIME_ROLE', async () => {
    const server = await startServerProcess({ DATABASE_URL: apiUrl(), DATABASE_RUNTIME_ROLE: 'app_runtime' });
    try {
      expect((await fetch(`${server.base}/ready`)).status).toBe(200);
      const token = signDevSessionToken({
        clerkUserId: 'user_roles_test',
        org: { clerkOrgId: 'org_roles_test', role: 'admin', slug: 'roles-test' },
      });
      const response = await fetch(`${server.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ viewer { role organization { slug } } }' }),
      });
      expect(await response.json()).toEqual({ data: { viewer: { role: 'ADMIN', organization: { slug: 'roles-test' } } } });
      // Rows the first sign-in created belong to the tables' owner, written through app_runtime.
      expect(await cluster.psql(`SELECT count(*) FROM "UserOrganization"`, 'influencer')).toBe('1');
    } finally {
      await server.stop();
    }
  }, 120_000);
});
