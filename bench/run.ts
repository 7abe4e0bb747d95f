// npm run bench: seeds the bench scale (1x) and a 10x campaign list, starts the API in production
// mode on each, drives it with autocannon on loopback, and writes bench/results/latest.md.
// Loops are bounded: fixed durations, one pass over a fixed scenario list.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { seed } from '../prisma/seed';
import { Prisma } from '../src/generated/prisma/client.ts';
import { createDb, setDb } from '../src/lib/db/client';
import { ensureDatabase, migrateDeploy } from '../src/lib/db/migrate';
import { countMatches, searchIdsSql } from '../src/modules/influencer/influencer.search';
import { planMarketplaceSearch } from '../src/modules/influencer/influencer.service';
import { withDatabaseName } from '../src/lib/db/connection';
import { cpuMs, nestedQuery, portOf, startFlags, startServer, tokenFor } from './support';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    'skip-seed': { type: 'boolean', default: false },
    /** Only the creator search, on 1,000,000 creators, with EXPLAIN: bench/results/search-1m.md. */
    million: { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const server = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

// The shape: 20 campaigns -> 20 creators each -> their active assets, rows in `nodes`.
const NESTED = nestedQuery({ creators: false });
const NESTED_EDGES = nestedQuery({ creators: false, edges: true });
const NESTED_CREATORS = nestedQuery({ creators: true });
const LIST = `{ campaigns(first: 20, orderBy: { field: START_DATE }) { ... on CampaignWizardConnection {
  totalCount edges { node { id name status startDate budgetTotal currency } } pageInfo { endCursor } } } }`;
const SEARCH = `{ marketplaceInfluencers(search: "fitness", filter: { platforms: [INSTAGRAM], followersMin: 10000 }, first: 20) {
  ... on MarketplaceInfluencerConnection { edges { node { username followers engagementRate } } } } }`;

interface Scenario {
  name: string;
  db: '1x' | '10x';
  query: string;
  connections: number;
  auth: boolean;
}
const scenarios: Scenario[] = [
  { name: 'nested campaign query (20 × 20 × active assets)', db: '1x', query: NESTED, connections: 1, auth: true },
  { name: 'nested campaign query (20 × 20 × active assets)', db: '1x', query: NESTED, connections: 20, auth: true },
  { name: 'nested query, Relay `edges { node }` instead of `nodes`', db: '1x', query: NESTED_EDGES, connections: 1, auth: true },
  { name: 'nested query plus each creator’s marketplace profile', db: '1x', query: NESTED_CREATORS, connections: 1, auth: true },
  { name: 'campaigns list, 1x data', db: '1x', query: LIST, connections: 20, auth: true },
  { name: 'creator search + 2 filters', db: '1x', query: SEARCH, connections: 20, auth: false },
  { name: 'campaigns list, 10x data', db: '10x', query: LIST, connections: 20, auth: true },
];

async function prepare(name: string, scale: string): Promise<string> {
  const url = withDatabaseName(server, name);
  await ensureDatabase(url);
  await migrateDeploy(url);
  if (!values['skip-seed']) await seed({ databaseUrl: url, scale, log: (l) => console.error(`  ${l}`) });
  return url;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
}

async function transactions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    const { rows } = await client.query(
      'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

function fire(port: number, query: string, token: string | null, connections: number, seconds: number) {
  return autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
}

async function objectsIn(port: number, query: string, token: string | null): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`query failed: ${JSON.stringify(body).slice(0, 500)}`);
  let count = 0;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      count += 1;
      Object.values(v).forEach(walk);
    }
  };
  walk(body.data);
  return count;
}

const SEARCH_INPUT = {
  search: 'fitness',
  filter: { platforms: ['INSTAGRAM' as const], followersMin: 10000 },
  first: 20,
};

async function explainSearch(url: string): Promise<{ explain: string; candidates: number }> {
  const handle = createDb(url, { role: null });
  setDb(handle);
  try {
    const plan = planMarketplaceSearch(SEARCH_INPUT);
    await handle.prisma.$queryRaw(searchIdsSql(plan)); // as warm as during the measured runs
    const rows = await handle.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(
      Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${searchIdsSql(plan)}`,
    );
    // The rows the page query must rank: every match of the search and both filters.
    const candidates = await countMatches(plan.search, plan.filter);
    return { explain: rows.map((r) => r['QUERY PLAN']).join('\n'), candidates };
  } finally {
    await handle.close();
  }
}

/** Share of creators the search word matches, and whether searchVector stays inline (no TOAST). */
async function searchDataStats(client: pg.Client): Promise<string> {
  const { rows } = await client.query(`
    SELECT count(*) FILTER (WHERE m."searchVector" @@ (websearch_to_tsquery('simple', $1) || websearch_to_tsquery('english', $1)))::int AS matches,
           count(*)::int AS creators,
           round(avg(pg_column_size(m."searchVector")))::int AS avg_bytes,
           max(pg_column_size(m."searchVector"))::int AS max_bytes,
           pg_size_pretty(pg_relation_size('"MarketplaceInfluencer"')) AS heap,
           pg_size_pretty(coalesce(pg_relation_size(c.reltoastrelid), 0)) AS toast,
           pg_size_pretty(pg_relation_size('"MarketplaceInfluencer_search_segment_idx"')) AS gin
    FROM "MarketplaceInfluencer" m, pg_class c WHERE c.oid = '"MarketplaceInfluencer"'::regclass
    GROUP BY c.reltoastrelid`, [SEARCH_INPUT.search]);
  const r = rows[0];
  return (
    `"${SEARCH_INPUT.search}" matches ${r.matches.toLocaleString('en-US')} of ${r.creators.toLocaleString('en-US')} creators ` +
    `(${((100 * r.matches) / r.creators).toFixed(1)} %). searchVector: ${r.avg_bytes} bytes on average, ${r.max_bytes} at most, ` +
    `stored inline (table ${r.heap}, TOAST ${r.toast}); search index ${r.gin}.`
  );
}

async function searchMillion() {
  console.error('preparing bench_1m (1,000,000 creators)');
  const url = await prepare('bench_1m', 'million');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const creators = (await client.query('SELECT count(*)::int AS n FROM "MarketplaceInfluencer"')).rows[0].n;
  await client.query('ANALYZE "MarketplaceInfluencer"');
  const dataStats = await searchDataStats(client);
  await client.end();
  const rows: string[] = [];
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  const server = await startServer(url);
  const [child, port] = [server.child, portOf(server)];
  try {
    for (const connections of [1, 20]) {
      const objects = await objectsIn(port, SEARCH, null);
      await fire(port, SEARCH, null, connections, warmup);
      const cpu0 = cpuMs(child.pid!);
      const result = await fire(port, SEARCH, null, connections, duration);
      const cpu1 = cpuMs(child.pid!);
      rows.push(
        `| ${connections} | ${objects} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ` +
          `${result.latency.p99} | ${((cpu1 - cpu0) / result.requests.total).toFixed(2)} | ${rssMb(child.pid!)} | ` +
          `${result.non2xx + result.errors} |`,
      );
      console.error(rows[rows.length - 1]);
    }
  } finally {
    await server.stop();
  }
  const loadAfter = os.loadavg()[0]!.toFixed(1);
  const { explain, candidates } = await explainSearch(url);
  const report = `# Creator search on ${creators.toLocaleString('en-US')} creators

Generated by \`npm run bench -- --million\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores,
Node ${process.version}, server in production mode, autocannon on loopback (${warmup} s warm-up, ${duration} s measured).
Machine load average (1 min) before and after the runs: ${loadBefore} and ${loadAfter} (the machine and its PostgreSQL are shared).
Query: \`search: "fitness"\`, \`filter: { platforms: [INSTAGRAM], followersMin: 10000 }\`, \`first: 20\`, relevance order:
a common niche word and two filters, matching **${candidates.toLocaleString('en-US')} candidates**, all of which are ranked.
${dataStats}

| Connections | Objects in response | req/s | p50 ms | p99 ms | Server CPU ms/request | RSS MB | Errors |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Plan of the page query (\`searchIdsSql\` in src/modules/influencer/influencer.search.ts):

\`\`\`
${explain}
\`\`\`
`;
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/search-1m.md', import.meta.url), report);
  console.log(report);
}

async function main() {
  if (values.million) return searchMillion();
  console.error('preparing databases (bench scale, and 10x campaigns per organization)');
  const urls = {
    '1x': await prepare('bench_1x', 'bench'),
    '10x': await prepare('bench_10x', 'bench,orgs=2,campaigns=500'),
  };
  const rows: string[] = [];
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  for (const which of ['1x', '10x'] as const) {
    const url = urls[which];
    const { token, campaigns } = await tokenFor(url);
    const server = await startServer(url);
    const [child, port] = [server.child, portOf(server)];
    try {
      // Every scenario once before any is measured: a fresh process optimises its code over its
      // first few hundred requests, which would otherwise count against whichever row runs first.
      for (const s of scenarios.filter((x) => x.db === which)) await fire(port, s.query, s.auth ? token : null, s.connections, warmup);
      // PostgreSQL flushes a backend's statistics about once a second while busy and up to 10 s
      // after it goes idle: let the warm-up's transactions land before the first row counts.
      await new Promise((r) => setTimeout(r, 11_000));
      for (const s of scenarios.filter((x) => x.db === which)) {
        const auth = s.auth ? token : null;
        const objects = await objectsIn(port, s.query, auth);
        // Transactions are counted over warm-up and measurement, after the statistics of both
        // have landed (an idle backend reports up to 10 s late): per request, the same figure.
        const tx0 = await transactions(url);
        const warm = await fire(port, s.query, auth, s.connections, warmup);
        const cpu0 = cpuMs(child.pid!);
        const result = await fire(port, s.query, auth, s.connections, duration);
        const cpu1 = cpuMs(child.pid!);
        await new Promise((r) => setTimeout(r, 11_000));
        const tx1 = await transactions(url);
        const requests = result.requests.total;
        const non2xx = result.non2xx + result.errors;
        rows.push(
          `| ${s.name} | ${which} (${campaigns} campaigns in the org) | ${s.connections} | ${objects} | ` +
            `${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ` +
            `${((cpu1 - cpu0) / requests).toFixed(2)} | ${rssMb(child.pid!)} | ` +
            `${((tx1 - tx0 - 2) / (requests + warm.requests.total)).toFixed(2)} | ${non2xx} |`,
        );
        console.error(rows[rows.length - 1]);
      }
    } finally {
      await server.stop();
    }
  }
  const loadAfter = os.loadavg()[0]!.toFixed(1);
  const report = `# Benchmark report

Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores
(${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version},
PostgreSQL on 127.0.0.1. Server in production mode (\`NODE_ENV=production\`, pool 20, rate limits off,
\`DATABASE_RUNTIME_ROLE=app_runtime\` so row-level security applies, Node flags of \`npm start\`: ${startFlags().join(' ') || 'none'}),
autocannon on loopback: every scenario run for ${warmup} s first, then per row ${warmup} s warm-up and ${duration} s measured. Machine load average (1 min)
before and after the runs: ${loadBefore} and ${loadAfter} (the machine is shared: its speed drifts by tens of percent within an hour).

| Scenario | Data | Connections | Objects in response | req/s | p50 ms | p99 ms | Server CPU ms/request | RSS MB | DB transactions/request | Errors |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

- *Server CPU ms/request*: user+system CPU time of the server process (/proc) over the measured
  window, divided by the requests served.
- *DB transactions/request*: committed transactions in the database (pg_stat_database) per
  request. With a tenant (or the logged bypass) every data statement runs as its own transaction
  (BEGIN, set_config, statement, COMMIT: see README, Row-level security; without one, e.g. an
  anonymous search, a statement is its own transaction anyway), so this is the number of
  data statements per request; the session lookup (user, organization and membership in one
  statement, the SQL function app_session_lookup, no transaction of its own) is included. The
  nested query is 2: the session lookup and one relation-joined select.
- *Objects in response*: JSON objects in \`data\`. The first rows are the issue's nested-query
  target: 20 campaigns -> 20 creators each -> their active assets, listed in \`nodes\` (1,788
  objects in the issue; the bench scale has 5 assets per creator, two in three active).
- The 10x row uses a database whose organizations hold 10× the bench scale's campaigns.
`;
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/latest.md', import.meta.url), report);
  console.log(report);
}

await main();
