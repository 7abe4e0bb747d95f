// Server CPU per nested campaign request, for A/B comparisons and profiles (README, Benchmarks):
//   npx tsx bench/nested-cpu.ts [--dir <checkout>]... [--instances 1] [--requests 500] [--profile <folder>] [--no-creators] [--edges]
// Starts `<checkout>/src/server.ts` as `npm start` does (production mode, app_runtime, the dev key
// pair) on the bench_1x database of `npm run bench` (DATABASE_URL's server), warms up with 100
// requests, then sends --requests sequential nested queries and prints the server process's CPU
// time (/proc, all threads) per request. Each --dir is another checkout (a `git worktree` with its
// own `npx prisma generate`) against the same database; with several, all servers run at once and
// take the requests in turn (A, B, A, B, ...), so every version is measured at the same moments:
// on shared machines the speed drifts by tens of percent within an hour, and alternating whole
// runs still mixes that drift into the difference. --instances starts that many servers per
// checkout: two servers of the same code can differ by 15 % for their whole life (how V8 happened
// to optimise them), so compare the means of several.
// --profile writes a V8 CPU profile per server there (the profiler inflates the CPU figure:
// compare profiles with profiles only). Bounded: a fixed number of requests, a 60 s start timeout.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { withDatabaseName } from '../src/lib/db/connection';
import { cpuMs, nestedQuery, portOf, startServer, tokenFor } from './support';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', multiple: true, default: ['.'] },
    instances: { type: 'string', default: '1' },
    requests: { type: 'string', default: '500' },
    profile: { type: 'string' },
    'no-creators': { type: 'boolean', default: false },
    /** Relay `edges { node }` instead of `nodes` (bench/support.ts, nestedQuery). */
    edges: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
if (!Number.isInteger(requests) || requests < 1 || requests > 100_000) throw new Error(`invalid --requests: ${values.requests}`);
const instances = Number(values.instances);
if (!Number.isInteger(instances) || instances < 1 || instances > 8) throw new Error(`invalid --instances: ${values.instances}`);
const dirs = values.dir.flatMap((d) => Array.from({ length: instances }, () => resolve(d)));
const url = withDatabaseName(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'bench_1x');
const QUERY = nestedQuery({ creators: !values['no-creators'], edges: values.edges });

const { token } = await tokenFor(url);
const nodeFlags = values.profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(values.profile)] : [];
const servers = await Promise.all(dirs.map((dir) => startServer(url, { dir, nodeFlags })));
try {
  const fire = async (port: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(text.slice(0, 400));
    return text.length;
  };
  const runs = servers.map((server) => ({ pid: server.child.pid!, port: portOf(server), cpu: 0, wall: 0, bytes: 0 }));
  for (const run of runs) {
    run.bytes = await fire(run.port);
    for (let i = 0; i < 100; i += 1) await fire(run.port);
  }
  // CPU over the whole loop, not around each request: work a server does after its response
  // (collection, log writes) lands while another server is being asked, and still counts.
  for (const run of runs) run.cpu = -cpuMs(run.pid);
  for (let i = 0; i < requests; i += 1) {
    for (const run of runs) {
      const t0 = performance.now();
      await fire(run.port);
      run.wall += performance.now() - t0;
    }
  }
  for (const run of runs) run.cpu += cpuMs(run.pid);
  const round = (n: number) => Number(n.toFixed(2));
  for (const dir of new Set(dirs)) {
    const mine = runs.filter((_, n) => dirs[n] === dir);
    const perInstance = mine.map((run) => round(run.cpu / requests));
    console.log(
      JSON.stringify({
        dir,
        requests,
        responseBytes: mine[0]!.bytes,
        cpuMsPerRequest: round(perInstance.reduce((a, b) => a + b, 0) / mine.length),
        wallMsPerRequest: round(mine.reduce((a, run) => a + run.wall, 0) / mine.length / requests),
        ...(mine.length > 1 ? { cpuMsPerInstance: perInstance } : {}),
        profiled: !!values.profile,
      }),
    );
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
