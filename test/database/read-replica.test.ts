import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Viewer } from '../../src/lib/auth/viewer';
import { createDb, db, setDb, type DbHandle } from '../../src/lib/db/client';
import { ensureDatabase, migrateDeploy } from '../../src/lib/db/migrate';
import { createReadReplica, rawSqlWrites, runOnReplica, setReadReplica, type ReadReplica } from '../../src/lib/db/replica';
import { runAsTenant, runWithRlsBypass } from '../../src/lib/db/tenant-scope';
import {
  AuditLogDocument,
  CampaignDetailDocument,
  CampaignsDocument,
  SearchCreatorsDocument,
  TopCreatorsDocument,
  ViewerDocument,
} from '../../src/generated/graphql/graphql';
import {
  createCampaign,
  createCampaignInfluencer,
  createCreativeAsset,
  createMarketplaceInfluencer,
  createMember,
  createOrganization,
} from '../factories';
import { startTempCluster, type TempCluster } from '../support/pg-cluster';
import { startStreamingReplica, waitForReplay } from '../support/pg-replica';
import { TestClient } from '../client';

// Read-replica routing (src/lib/db/replica.ts) against a real streaming replica: a throwaway
// primary cluster, a hot standby made from it with pg_basebackup -R, both used as app_runtime so
// row-level security applies on both. Pausing WAL replay on the standby makes it visibly stale,
// which shows where each read went.

jest.setTimeout(120_000);

let primary: TempCluster;
let standby: TempCluster;
let primaryHandle: DbHandle;
let replicaHandle: DbHandle;
let replica: ReadReplica;
let previousDb: DbHandle | undefined;

const RETRY_AFTER_MS = 3_000;

beforeAll(async () => {
  primary = await startTempCluster();
  const url = primary.url('app');
  await ensureDatabase(url);
  await migrateDeploy(url);
  standby = await startStreamingReplica(primary);
  primaryHandle = createDb(url, { role: 'app_runtime' });
  replicaHandle = createDb(standby.url('app'), { role: 'app_runtime' });
  previousDb = setDb(primaryHandle);
  replica = createReadReplica(replicaHandle, { primary: () => primaryHandle.prisma, retryAfterMs: RETRY_AFTER_MS });
  setReadReplica(replica);
}, 300_000);

afterAll(async () => {
  setReadReplica(null);
  if (previousDb) setDb(previousDb);
  await replica?.close();
  await primaryHandle?.close();
  await standby?.destroy();
  await primary?.destroy();
}, 120_000);

afterEach(async () => {
  // Whatever a test did, leave the standby running and replaying.
  setReadReplica(replica);
  await standby.start().catch(() => undefined);
  await standby.psql('SELECT pg_wal_replay_resume()');
}, 120_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pauseReplay() {
  await standby.psql('SELECT pg_wal_replay_pause()');
  for (let i = 0; i < 100; i += 1) {
    if ((await standby.psql('SELECT pg_get_wal_replay_pause_state()')) === 'paused') return;
    await sleep(100);
  }
  throw new Error('replay did not pause within 10 s');
}

async function resumeAndCatchUp() {
  await standby.psql('SELECT pg_wal_replay_resume()');
  await waitForReplay(primary, standby);
}

/** An organization with a MEMBER, seeded on the primary (RLS bypassed, as the seed would). */
async function world() {
  return runWithRlsBypass('test seed', async () => {
    const org = await createOrganization();
    const { user, viewer } = await createMember(org.id, 'MEMBER');
    return { org, user, viewer };
  });
}

function seedCampaign(w: { org: { id: string }; user: { id: string } }, name: string) {
  return runWithRlsBypass('test seed', () => createCampaign(w.org.id, w.user.id, { name }));
}

function gql<T>(viewer: Viewer | null, query: string, variables?: Record<string, unknown>, resolveViewer?: () => Promise<Viewer | null>) {
  return new TestClient(viewer, resolveViewer ? { resolveViewer } : {}).data<T>(query, variables);
}

const CAMPAIGN_NAMES = `{ campaigns(first: 50) { ... on CampaignWizardConnection { totalCount edges { node { name } } } } }`;
type Campaigns = { campaigns: { totalCount: number; edges: { node: { name: string } }[] } };

async function campaignNames(viewer: Viewer): Promise<string[]> {
  const data = await gql<Campaigns>(viewer, CAMPAIGN_NAMES);
  return data.campaigns.edges.map((e) => e.node.name).sort();
}

const CREATE = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) {
  __typename ... on CreateCampaignSuccess { campaign { id name version } } ... on Error { message code } } }`;
const details = (name: string) => ({
  name,
  brandName: 'Lumen',
  businessGoal: 'PRODUCT_LAUNCH',
  startDate: '2027-03-01',
  endDate: '2027-04-30',
  timeZone: 'Europe/Berlin',
  budgetTotal: '10000.00',
  budgetSocial: '7500.50',
  currency: 'EUR',
});

describe('read-replica routing against a streaming replica', () => {
  it('the standby is a real, read-only hot standby of the primary', async () => {
    expect(await standby.psql('SELECT pg_is_in_recovery()')).toBe('t');
    expect(await primary.psql('SELECT count(*) FROM pg_stat_replication')).toBe('1');
  });

  it('a query reads the replica; a mutation, its payload and reads outside queries use the primary', async () => {
    const w = await world();
    await seedCampaign(w, 'Before pause');
    await waitForReplay(primary, standby);
    expect(await campaignNames(w.viewer)).toEqual(['Before pause']);

    await pauseReplay();
    const created = await gql<{ createCampaign: { __typename: string; campaign?: { name: string; version: number } } }>(
      w.viewer,
      CREATE,
      { input: details('Created while paused') },
    );
    // The payload is read back after the write: from the primary, or the row would not exist yet.
    expect(created.createCampaign).toMatchObject({ __typename: 'CreateCampaignSuccess', campaign: { name: 'Created while paused', version: 1 } });

    // The query runs on the paused standby: it has not seen the new campaign.
    expect(await campaignNames(w.viewer)).toEqual(['Before pause']);
    // Code outside a query operation reads the primary.
    const onPrimary = await runAsTenant(w.org.id, () => db().campaignWizard.findMany({ select: { name: true } }));
    expect(onPrimary.map((c) => c.name).sort()).toEqual(['Before pause', 'Created while paused']);

    await resumeAndCatchUp();
    expect(await campaignNames(w.viewer)).toEqual(['Before pause', 'Created while paused']);
  });

  it('row-level security holds on the replica: another organization is invisible, no tenant sees nothing', async () => {
    const a = await world();
    const b = await world();
    await seedCampaign(a, 'A1');
    await seedCampaign(b, 'B1');
    await waitForReplay(primary, standby);
    await pauseReplay();
    await seedCampaign(a, 'A2 (primary only)');

    // Replica reads (A2 is missing, so these really come from the standby) without any service
    // filter: only row-level security keeps B's rows out.
    const asA = await runOnReplica(() =>
      runAsTenant(a.org.id, () => db().campaignWizard.findMany({ select: { name: true, organizationId: true } })),
    );
    expect(asA).toEqual([{ name: 'A1', organizationId: a.org.id }]);
    expect(await runOnReplica(() => db().campaignWizard.count({ where: { organizationId: b.org.id } }))).toBe(0);
    expect(
      await runOnReplica(() => runWithRlsBypass('test check', () => db().campaignWizard.count({ where: { organizationId: { in: [a.org.id, b.org.id] } } }))),
    ).toBe(2);
    // Through the API: B's member sees B's campaign only.
    expect(await campaignNames(b.viewer)).toEqual(['B1']);
    expect(await campaignNames(a.viewer)).toEqual(['A1']);
  });

  it('a replica read runs in the tenant scope it was called in, however it is awaited', async () => {
    const a = await world();
    const b = await world();
    await seedCampaign(a, 'A1');
    await seedCampaign(b, 'B1');
    await waitForReplay(primary, standby);
    const names = (rows: { name: string }[]) => rows.map((r) => r.name);
    const [calledInB] = await runOnReplica(() => runAsTenant(b.org.id, () => [db().campaignWizard.findMany({ select: { name: true } })] as const));
    // Awaited inside A's scope, and inside the bypass: still B's scope, where it was called.
    expect(names(await runAsTenant(a.org.id, async () => calledInB))).toEqual(['B1']);
    const [again] = await runOnReplica(() => runAsTenant(b.org.id, () => [db().campaignWizard.findMany({ select: { name: true } })] as const));
    expect(names(await runWithRlsBypass('test check', async () => again))).toEqual(['B1']);
  });

  it('a session lookup that only reads under a tenant scope still sends the query to the replica', async () => {
    const w = await world();
    await seedCampaign(w, 'W1');
    await waitForReplay(primary, standby);
    await pauseReplay();
    await seedCampaign(w, 'W2 (primary only)');
    // The resolver reads in a scope (a set_config statement and a SELECT): that is no write.
    const data = await gql<Campaigns>(null, CAMPAIGN_NAMES, undefined, async () => {
      await runWithRlsBypass('test: read on sign-in', () => db().user.findUnique({ where: { id: w.user.id } }));
      return w.viewer;
    });
    expect(data.campaigns.edges.map((e) => e.node.name)).toEqual(['W1']);
  });

  it('a request whose session lookup wrote (first sign-in) reads the primary', async () => {
    const w = await world();
    await waitForReplay(primary, standby);
    await pauseReplay();
    const rename = (name: string) =>
      runWithRlsBypass('test: lazy update on sign-in', () => db().user.update({ where: { id: w.user.id }, data: { name } }));
    const VIEWER = `{ viewer { user { name } } }`;
    type V = { viewer: { user: { name: string } } };

    // The resolver writes, as the lazy creation on a first sign-in does: the query must see it.
    const fresh = await gql<V>(null, VIEWER, undefined, async () => {
      await rename('Renamed on sign-in');
      return w.viewer;
    });
    expect(fresh.viewer.user.name).toBe('Renamed on sign-in');
    // The next request writes nothing: it reads the (paused) standby, which has the old name.
    const stale = await gql<V>(w.viewer, VIEWER);
    expect(stale.viewer.user.name).toBe(w.user.name);
  });

  it('writes reaching the replica path run on the primary: model writes directly, raw SQL after the standby refuses it', async () => {
    const w = await world();
    await waitForReplay(primary, standby);
    const renamed = await runOnReplica(() =>
      runWithRlsBypass('test', () => db().user.update({ where: { id: w.user.id }, data: { name: 'Via model' } })),
    );
    expect(renamed.name).toBe('Via model');
    // $queryRaw cannot be told from a read up front: the standby refuses it (25006), the primary runs it.
    const rows = await runOnReplica(() =>
      runWithRlsBypass('test', () => db().$queryRaw<{ name: string }[]>`UPDATE "User" SET name = 'Via SQL' WHERE id = ${w.user.id}::uuid RETURNING name`),
    );
    expect(rows).toEqual([{ name: 'Via SQL' }]);
    expect(replica.available()).toBe(true);
  });

  it('without a replica configured, queries read the primary', async () => {
    const w = await world();
    await waitForReplay(primary, standby);
    await pauseReplay();
    await seedCampaign(w, 'Fresh');
    setReadReplica(null);
    expect(await campaignNames(w.viewer)).toEqual(['Fresh']);
  });

  it('with the replica down, queries still succeed from the primary, and use the replica again once it is back', async () => {
    const w = await world();
    await seedCampaign(w, 'Old');
    await waitForReplay(primary, standby);
    await standby.stop('fast');
    await seedCampaign(w, 'Written while the replica is down');

    expect(await campaignNames(w.viewer)).toEqual(['Old', 'Written while the replica is down']);
    expect(replica.available()).toBe(false);
    // Within the retry window the replica is skipped outright.
    expect(await campaignNames(w.viewer)).toEqual(['Old', 'Written while the replica is down']);

    await standby.start();
    await waitForReplay(primary, standby);
    await sleep(RETRY_AFTER_MS + 100);
    expect(replica.available()).toBe(true);
    await pauseReplay();
    await seedCampaign(w, 'After recovery');
    // Back on the (paused) replica.
    expect(await campaignNames(w.viewer)).toEqual(['Old', 'Written while the replica is down']);
  });

  it('every client operation and the analytics run on the replica with the same answers as the primary', async () => {
    const w = await world();
    const token = `replicacheck${Math.random().toString(36).slice(2, 8)}`;
    const admin = await runWithRlsBypass('test seed', async () => {
      const { viewer } = await createMember(w.org.id, 'ADMIN');
      const campaign = await createCampaign(w.org.id, w.user.id, { name: 'Nested' });
      const creator = await createMarketplaceInfluencer({ username: `${token}_one`, bio: `${token} creator`, followers: 50_000 });
      const placement = await createCampaignInfluencer(campaign, creator.id, w.user.id);
      await createCreativeAsset(campaign, w.user.id, { campaignInfluencerId: placement.id });
      return { viewer, campaignId: campaign.id };
    });
    // An audit entry, written by the API itself.
    await gql(admin.viewer, CREATE, { input: details('Audited') });

    const ANALYTICS = `{ campaignAnalytics { ... on CampaignAnalytics { campaignsByStatus { status count }
      creatorsPerCampaign { campaigns average max } reachByPlatform { platform creators totalFollowers }
      assetsByType { type count activeCount } } } }`;
    const operations: [Viewer, string, Record<string, unknown>?][] = [
      [w.viewer, CampaignsDocument.toString(), { first: 20 }],
      [w.viewer, CampaignDetailDocument.toString(), { id: encodeGlobalID('CampaignWizard', admin.campaignId) }],
      [admin.viewer, AuditLogDocument.toString(), { first: 20 }],
      [w.viewer, SearchCreatorsDocument.toString(), { search: token, first: 5 }],
      [w.viewer, TopCreatorsDocument.toString(), { first: 5 }],
      [w.viewer, ViewerDocument.toString()],
      [w.viewer, ANALYTICS],
    ];
    const answers = () => Promise.all(operations.map(([viewer, query, variables]) => gql(viewer, query, variables)));

    await waitForReplay(primary, standby);
    setReadReplica(null);
    const fromPrimary = await answers();
    expect(JSON.stringify(fromPrimary)).toContain(`${token}_one`);
    expect(JSON.stringify(fromPrimary)).toContain('Nested');

    // Freeze the standby, then change what every operation above would show.
    await pauseReplay();
    await runWithRlsBypass('test seed', async () => {
      const campaign = await createCampaign(w.org.id, w.user.id, { name: 'Later' });
      const creator = await createMarketplaceInfluencer({ username: `${token}_two`, bio: `${token} creator`, followers: 90_000_000 });
      await createCampaignInfluencer(campaign, creator.id, w.user.id);
    });
    await gql(admin.viewer, CREATE, { input: details('Audited later') });

    setReadReplica(replica);
    // Same answers as before the change: every operation ran on the standby, without errors.
    expect(await answers()).toEqual(fromPrimary);
    setReadReplica(null);
    expect(await answers()).not.toEqual(fromPrimary);
  });

  it('with DATABASE_REPLICA_MAX_LAG_MS, a lagging replica is skipped until it catches up', async () => {
    const lagging = createReadReplica(createDb(standby.url('app'), { role: 'app_runtime' }), {
      primary: () => primaryHandle.prisma,
      maxLagMs: 300,
      lagProbeIntervalMs: 100,
    });
    try {
      setReadReplica(lagging);
      const w = await world();
      await seedCampaign(w, 'Old');
      await waitForReplay(primary, standby);
      for (let i = 0; i < 100 && !lagging.available(); i += 1) await sleep(100);
      expect(lagging.available()).toBe(true);

      await pauseReplay();
      await seedCampaign(w, 'New');
      for (let i = 0; i < 150 && lagging.available(); i += 1) await sleep(100);
      expect(lagging.lagMs()).toBeGreaterThan(300);
      expect(await campaignNames(w.viewer)).toEqual(['New', 'Old']);

      await resumeAndCatchUp();
      for (let i = 0; i < 100 && !lagging.available(); i += 1) await sleep(100);
      expect(lagging.lagMs()).toBe(0);
      expect(await campaignNames(w.viewer)).toEqual(['New', 'Old']);
    } finally {
      await lagging.close();
    }
  });

  it('a replica disconnected from the primary shows a growing lag once the primary writes, and is skipped', async () => {
    const probed = createReadReplica(createDb(standby.url('app'), { role: 'app_runtime' }), {
      primary: () => primaryHandle.prisma,
      maxLagMs: 300,
      lagProbeIntervalMs: 100,
    });
    const conninfo = await standby.psql('SHOW primary_conninfo');
    expect(conninfo).toMatch(/port=/);
    const setConninfo = async (value: string) => {
      await standby.psql(`ALTER SYSTEM SET primary_conninfo = '${value.replace(/'/g, "''")}'`);
      await standby.psql('SELECT pg_reload_conf()');
    };
    try {
      setReadReplica(probed);
      const w = await world();
      await seedCampaign(w, 'Before disconnect');
      await waitForReplay(primary, standby);
      for (let i = 0; i < 100 && !probed.available(); i += 1) await sleep(100);
      expect(probed.available()).toBe(true);

      // Point the standby's WAL receiver at nothing: it stops receiving, and replays all it has,
      // so "received = replayed" would call it current.
      await setConninfo('host=127.0.0.1 port=1 connect_timeout=1');
      for (let i = 0; i < 100 && (await primary.psql('SELECT count(*) FROM pg_stat_replication')) !== '0'; i += 1) await sleep(100);
      expect(await primary.psql('SELECT count(*) FROM pg_stat_replication')).toBe('0');
      await seedCampaign(w, 'Written while disconnected');
      for (let i = 0; i < 100 && probed.available(); i += 1) await sleep(100);
      expect(probed.available()).toBe(false);
      expect(probed.lagMs()).toBeGreaterThan(300);
      // Reads went to the primary: the new campaign is there.
      expect(await campaignNames(w.viewer)).toEqual(['Before disconnect', 'Written while disconnected']);

      await setConninfo(conninfo);
      await waitForReplay(primary, standby);
      for (let i = 0; i < 100 && !probed.available(); i += 1) await sleep(100);
      expect(probed.lagMs()).toBe(0);
    } finally {
      await setConninfo(conninfo).catch(() => undefined);
      await probed.close();
    }
  });

  it('a "replica" that is not in recovery (promoted, or the primary itself) is not used', async () => {
    for (const maxLagMs of [undefined, 300]) {
      const notStandby = createReadReplica(createDb(primary.url('app'), { role: 'app_runtime' }), {
        primary: () => primaryHandle.prisma,
        maxLagMs,
        lagProbeIntervalMs: 100,
      });
      try {
        for (let i = 0; i < 100 && notStandby.available(); i += 1) await sleep(100);
        expect([maxLagMs, notStandby.available()]).toEqual([maxLagMs, false]);
        // It stays unusable (not a one-off).
        await sleep(300);
        expect(notStandby.available()).toBe(false);
      } finally {
        await notStandby.close();
      }
    }
  });

  it('a saturated replica pool moves the waiting read to the primary without marking the replica down', async () => {
    const w = await world();
    await seedCampaign(w, 'Saturation');
    await waitForReplay(primary, standby);
    const max = (replicaHandle.pool.options as { max: number }).max;
    const held = [];
    try {
      for (let i = 0; i < max; i += 1) held.push(await replicaHandle.pool.connect());
      expect(replicaHandle.pool.totalCount).toBe(max);
      // Waits connectionTimeoutMillis for a free connection, then reads the primary.
      const names = await runOnReplica(() => runAsTenant(w.org.id, () => db().campaignWizard.findMany({ select: { name: true } })));
      expect(names).toEqual([{ name: 'Saturation' }]);
      expect(replica.available()).toBe(true);
    } finally {
      for (const client of held) client.release();
    }
    // Still on the replica afterwards.
    await pauseReplay();
    await seedCampaign(w, 'Primary only');
    expect(await campaignNames(w.viewer)).toEqual(['Saturation']);
  });

  it('a tagged-template $queryRaw that writes during the session lookup sends the request to the primary', async () => {
    expect(rawSqlWrites([['UPDATE "User" SET name = ', ' WHERE id = ', '::uuid RETURNING name'], 'x', 'y'])).toBe(true);
    expect(rawSqlWrites([['SELECT 1 WHERE ', ' = 1'], 1])).toBe(false);
    expect(rawSqlWrites(['INSERT INTO t VALUES ($1) RETURNING id', 1])).toBe(true);

    const w = await world();
    await waitForReplay(primary, standby);
    await pauseReplay();
    const VIEWER = `{ viewer { user { name } } }`;
    const fresh = await gql<{ viewer: { user: { name: string } } }>(null, VIEWER, undefined, async () => {
      await runWithRlsBypass('test: lazy update on sign-in', () =>
        db().$queryRaw`UPDATE "User" SET name = ${'Raw on sign-in'} WHERE id = ${w.user.id}::uuid RETURNING name`,
      );
      return w.viewer;
    });
    expect(fresh.viewer.user.name).toBe('Raw on sign-in');
  });
});
