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
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { withDatabaseName } from '../src/lib/db/connection';
import { cpuMs, nestedQuery, portOf, startServer, tokenFor } from './support';

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
const QUERY = nestedQuery({ creators: !values['no-creators'] });

const { token } = await tokenFor(url);
const nodeFlags = values.profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(values.profile)] : [];
const server = await startServer(url, { dir, nodeFlags });
const [child, port] = [server.child, portOf(server)];
try {
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
  await server.stop();
}
