// Server CPU per nested campaign request, for A/B comparisons and profiles (README, Benchmarks):
//   npx tsx bench/nested-cpu.ts [--dir <checkout>] [--requests 500] [--profile <folder>] [--no-creators]
// Starts `<checkout>/src/server.ts` as `npm start` does (production mode, app_runtime, the dev key
// pair) on the bench_1x database of `npm run bench` (DATABASE_URL's server), warms up with 50
// requests, then sends --requests sequential nested queries and prints the server process's CPU
// time (/proc, all threads) per request. --dir runs another checkout (a `git worktree` with its own
// `npx prisma generate`) against the same database, so two versions can be measured alternately
// at the same moment: on shared machines the speed drifts by tens of percent within an hour.
// --profile writes a V8 CPU profile there (the profiler inflates the CPU figure: compare profiles
// with profiles only). Bounded: a fixed number of requests, a 60 s start timeout.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEV_AUTHORIZED_PARTY, DEV_ISSUER, DEV_PUBLIC_KEY, signDevSessionToken } from '../src/lib/auth/dev-keys';
import { withDatabaseName } from '../src/lib/db/connection';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '.' },
    requests: { type: 'string', default: '500' },
    profile: { type: 'string' },
    'no-creators': { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
if (!Number.isInteger(requests) || requests < 1 || requests > 100_000) throw new Error(`invalid --requests: ${values.requests}`);
const dir = resolve(values.dir);
const url = withDatabaseName(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'bench_1x');
const creator = values['no-creators'] ? '' : 'creator { username followers } ';
const QUERY = `{ campaigns(first: 20, orderBy: { field: CREATED_AT }) { ... on CampaignWizardConnection { edges { node {
  id name status influencers(first: 20) { edges { node { id status agreedFee ${creator}creativeAssets { id name type url } } } } } } } } }`;

async function ownerToken(): Promise<string> {
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
    if (!rows[0]) throw new Error('bench_1x has no data: run `npm run bench` first');
    return signDevSessionToken({
      clerkUserId: rows[0].clerkUserId,
      org: { clerkOrgId: rows[0].clerkOrgId, role: 'owner', slug: rows[0].slug },
      azp: DEV_AUTHORIZED_PARTY,
      ttlSeconds: 3600,
    });
  } finally {
    await client.end();
  }
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, USER_HZ 100
}

const token = await ownerToken();
const flags = values.profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(values.profile)] : [];
const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'src/server.ts'], {
  cwd: dir,
  env: {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: url,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info', // as npm run bench; the ready line is an info line
    CLERK_JWT_KEY: DEV_PUBLIC_KEY,
    CLERK_ISSUER: DEV_ISSUER,
    CLERK_AUTHORIZED_PARTIES: DEV_AUTHORIZED_PARTY,
    RATE_LIMIT_ENABLED: 'false',
    SURVEY_TOKEN_SECRET: 'bench-only-secret-0123456789abcdef',
    SURVEY_BASE_URL: 'https://survey.example.com/s',
    DATABASE_POOL_MAX: '20',
    DATABASE_RUNTIME_ROLE: 'app_runtime',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
try {
  let port = 0;
  for (const deadline = Date.now() + 60_000; !port && Date.now() < deadline; ) {
    const match = /API ready at http:\/\/localhost:(\d+)/.exec(output);
    if (match) port = Number(match[1]);
    else if (child.exitCode !== null) break;
    else await new Promise((r) => setTimeout(r, 100));
  }
  if (!port) throw new Error(`server did not start:\n${output}`);
  const fire = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(text.slice(0, 400));
    return text.length;
  };
  const bytes = await fire();
  for (let i = 0; i < 50; i += 1) await fire();
  const [cpu0, t0] = [cpuMs(child.pid!), Date.now()];
  for (let i = 0; i < requests; i += 1) await fire();
  const [cpu1, t1] = [cpuMs(child.pid!), Date.now()];
  console.log(
    JSON.stringify({
      dir,
      requests,
      responseBytes: bytes,
      cpuMsPerRequest: Number(((cpu1 - cpu0) / requests).toFixed(2)),
      wallMsPerRequest: Number(((t1 - t0) / requests).toFixed(2)),
      profiled: !!values.profile,
    }),
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
