import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signDevSessionToken } from '../../src/lib/auth/dev-keys';
import { ensureDatabase, migrateDeploy } from '../../src/lib/db/migrate';
import { startTempCluster, type TempCluster } from '../support/pg-cluster';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Issue #7: "a restart of PostgreSQL under load must not crash the server: requests during the
 * outage fail cleanly, and service resumes by itself once the database is back."
 *
 * The real server process (src/server.ts, as `npm start` runs it) on a PostgreSQL of its own,
 * driven by a bounded loop of GraphQL requests (anonymous creator search, and a signed-in viewer
 * query whose session lookup needs the database) while that PostgreSQL is stopped (fast shutdown:
 * open connections are terminated) and started again a few seconds later.
 */
let cluster: TempCluster;
let server: ServerProcess | undefined;

const ANONYMOUS = '{ marketplaceInfluencers(first: 3) { ... on MarketplaceInfluencerConnection { totalCount } } }';
// The session lookup in the context, then a tenant-scoped read (a transaction per query: tenant-scope.ts).
const SIGNED_IN = '{ viewer { role organization { slug } } campaigns(first: 1) { ... on CampaignWizardConnection { totalCount } } }';
const token = signDevSessionToken({
  clerkUserId: 'user_outage_test',
  org: { clerkOrgId: 'org_outage_test', role: 'admin', slug: 'outage-test' },
});

beforeAll(async () => {
  cluster = await startTempCluster();
  await ensureDatabase(cluster.url('app'));
  await migrateDeploy(cluster.url('app'));
  server = await startServerProcess({
    DATABASE_URL: cluster.url('app'),
    // Requests waiting for a connection give up after 2 s rather than the default 5 s.
    DATABASE_CONNECT_TIMEOUT_MS: '2000',
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await cluster?.destroy();
}, 120_000);

interface Outcome {
  at: number;
  kind: 'ok' | 'unavailable' | 'other';
  status: number;
  detail: string;
}

async function call(query: string, signedIn: boolean): Promise<Outcome> {
  const at = Date.now();
  try {
    const response = await fetch(`${server!.base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(signedIn ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    const requestId = response.headers.get('x-request-id');
    if (response.status === 200 && !body.errors && body.data) return { at, kind: 'ok', status: 200, detail: '' };
    // Several fields may fail in one response: each error must be the typed outage error.
    const clean =
      response.status === 503 &&
      !!body.errors?.length &&
      body.errors.every((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE' && e.extensions.requestId === requestId) &&
      response.headers.get('retry-after') !== null &&
      !/ECONN|pg_|postgres|prisma|127\.0\.0\.1/i.test(text);
    return { at, kind: clean ? 'unavailable' : 'other', status: response.status, detail: text.slice(0, 500) };
  } catch (error) {
    return { at, kind: 'other', status: 0, detail: String(error) };
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const start = Date.now();
  for (let i = 0; i < 1_000; i += 1) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

describe('PostgreSQL restart under load', () => {
  it('keeps the server up, fails requests cleanly during the outage, and recovers by itself', async () => {
    expect((await call(ANONYMOUS, false)).kind).toBe('ok');
    expect((await call(SIGNED_IN, true)).kind).toBe('ok');

    const outcomes: Outcome[] = [];
    let running = true;
    const loadDeadline = Date.now() + 120_000;
    // Four concurrent clients, bounded in count and time.
    const workers = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = 0; i < 2_000 && running && Date.now() < loadDeadline; i += 1) {
        outcomes.push(await call(worker % 2 ? SIGNED_IN : ANONYMOUS, worker % 2 === 1));
        await new Promise((r) => setTimeout(r, 20));
      }
    });

    await new Promise((r) => setTimeout(r, 1_500));
    const down = Date.now();
    await cluster.stop('fast');
    const stopped = Date.now();
    await new Promise((r) => setTimeout(r, 4_000));
    const readyDuringOutage = (await fetch(`${server!.base}/ready`)).status;
    const starting = Date.now();
    await cluster.start();
    const up = Date.now();
    // Service resumes without touching the server: both kinds of request succeed again.
    await waitUntil(async () => (await call(ANONYMOUS, false)).kind === 'ok' && (await call(SIGNED_IN, true)).kind === 'ok', 30_000, 'requests succeed again');
    await new Promise((r) => setTimeout(r, 1_000));
    running = false;
    await Promise.all(workers);

    // pg_ctl start returns a moment after the server accepts connections: only requests made
    // between a finished stop and the start command count as "during the outage".
    const during = outcomes.filter((o) => o.at >= stopped && o.at < starting);
    const others = outcomes.filter((o) => o.kind === 'other');
    const after = outcomes.filter((o) => o.at > up + 100).sort((a, b) => a.at - b.at);
    expect(others).toEqual([]);
    expect(outcomes.filter((o) => o.at < down).some((o) => o.kind === 'ok')).toBe(true);
    expect(during.length).toBeGreaterThan(10);
    expect(during.filter((o) => o.kind !== 'unavailable')).toEqual([]);
    expect(readyDuringOutage).toBe(503);
    // Once the database answers again, every request after the first success succeeds.
    const firstOk = after.findIndex((o) => o.kind === 'ok');
    expect(firstOk).toBeGreaterThanOrEqual(0);
    expect(after.slice(firstOk).filter((o) => o.kind !== 'ok')).toEqual([]);
    expect((await fetch(`${server!.base}/ready`)).status).toBe(200);

    // The process never died, and nothing escaped as an unhandled error.
    expect(server!.child.exitCode).toBeNull();
    expect(server!.child.signalCode).toBeNull();
    expect((await fetch(`${server!.base}/health`)).status).toBe(200);
    const log = server!.output();
    expect(log).not.toMatch(/unhandled|uncaught|"level":60/i);
    // Nothing at error level either: an outage is expected operations, not a bug to page about.
    expect(log).not.toMatch(/"level":50/);
    // Outage failures are logged as such (warn), not as unexpected errors with a stack per request.
    expect(log).toMatch(/database unavailable/);
    expect(log).not.toMatch(/unexpected error \(masked\)/);
  }, 240_000);
});
