// What the bench scripts share: the bench organization's owner token, the server started as
// `npm start` starts it (production mode, app_runtime, the dev key pair), and the server's CPU time.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DEV_AUTHORIZED_PARTY, DEV_ISSUER, DEV_PUBLIC_KEY, signDevSessionToken } from '../src/lib/auth/dev-keys';
import { startServerProcess, type ServerProcess } from '../test/support/server-process';

const TICK_MS = 1000 / 100; // USER_HZ on Linux

/**
 * The nested campaign query: 20 campaigns -> 20 creators each -> active assets. `nodes` lists
 * each connection's rows as the issue's shape (and PostGraphile) does; `edges` wraps each in a
 * Relay edge object. With `creators`, also each creator's marketplace profile (username,
 * followers).
 */
export function nestedQuery({ creators, edges = false }: { creators: boolean; edges?: boolean }): string {
  const creator = creators ? 'creator { username followers } ' : '';
  const list = (fields: string) => (edges ? `edges { node { ${fields} } }` : `nodes { ${fields} }`);
  const influencer = list(`id status agreedFee ${creator}creativeAssets { id name type url }`);
  return `{ campaigns(first: 20, orderBy: { field: CREATED_AT }) { ... on CampaignWizardConnection { ${list(
    `id name status influencers(first: 20) { ${influencer} }`,
  )} } } }`;
}

/** A session token of the owner of the organization with the most campaigns, and that count. */
export async function tokenFor(url: string): Promise<{ token: string; campaigns: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`
      SELECT o."clerkOrgId", o.slug, u."clerkUserId", count(c.id)::int AS campaigns
      FROM "Organization" o
      JOIN "UserOrganization" m ON m."organizationId" = o.id AND m.role = 'OWNER' AND m.status = 'ACTIVE'
      JOIN "User" u ON u.id = m."userId"
      JOIN "CampaignWizard" c ON c."organizationId" = o.id
      GROUP BY 1, 2, 3 ORDER BY campaigns DESC, o.slug LIMIT 1`);
    const row = rows[0];
    if (!row) throw new Error('the bench database has no campaigns: run `npm run bench` first');
    const token = signDevSessionToken({
      clerkUserId: row.clerkUserId,
      org: { clerkOrgId: row.clerkOrgId, role: 'owner', slug: row.slug },
      azp: DEV_AUTHORIZED_PARTY,
      ttlSeconds: 3600,
    });
    return { token, campaigns: row.campaigns };
  } finally {
    await client.end();
  }
}

/** Node's flags from `npm start` (package.json of `dir`), so the bench runs the server as production does. */
export function startFlags(dir = '.'): string[] {
  const start = (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  const match = /^(?:node((?: --[\w-]+(?:=\S+)?)*) --import tsx|tsx) src\/server\.ts$/.exec(start);
  if (!match) throw new Error(`bench: unexpected start script ${JSON.stringify(start)}`);
  return (match[1] ?? '').trim().split(' ').filter(Boolean);
}

/**
 * src/server.ts of the checkout `dir` on `url`, as `npm start` runs it (its Node flags, plus
 * `nodeFlags`), in production mode on a free loopback port (test/support/server-process.ts: ready
 * within 60 s, and `stop()` bounded: SIGTERM, SIGKILL after 15 s).
 */
export function startServer(url: string, { dir = '.', nodeFlags = [] }: { dir?: string; nodeFlags?: string[] } = {}): Promise<ServerProcess> {
  return startServerProcess(
    {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      CLERK_JWT_KEY: DEV_PUBLIC_KEY,
      CLERK_ISSUER: DEV_ISSUER,
      CLERK_AUTHORIZED_PARTIES: DEV_AUTHORIZED_PARTY,
      RATE_LIMIT_ENABLED: 'false',
      SURVEY_TOKEN_SECRET: 'bench-only-secret-0123456789abcdef',
      SURVEY_BASE_URL: 'https://survey.example.com/s',
      DATABASE_POOL_MAX: '20',
      // As in production: the non-owner runtime role, so row-level security is evaluated.
      DATABASE_RUNTIME_ROLE: 'app_runtime',
    },
    { cwd: dir, nodeArgs: [...startFlags(dir), ...nodeFlags] },
  );
}

/** The port of a started server. */
export const portOf = (server: ServerProcess): number => Number(new URL(server.base).port);

/** User + system CPU time of a process so far, all its threads (/proc). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
}
