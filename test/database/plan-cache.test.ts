import { afterEach, describe, expect, it } from '@jest/globals';
import { db } from '../../src/lib/db/client';
import { installPlanCache, parameterize, planCacheStats, type PlanCacheStats } from '../../src/lib/db/plan-cache';
import { runAsTenant } from '../../src/lib/db/tenant-scope';
import { env } from '../../src/lib/env';
import { TestClient } from '../client';
import {
  createCampaign,
  createCampaignInfluencer,
  createCreativeAsset,
  createMarketplaceInfluencer,
  createMember,
  createOrganization,
} from '../factories';

// Prisma query plans cached by shape (src/lib/db/plan-cache.ts), against the test database: the
// whole suite runs with the cache on (QUERY_PLAN_CACHE_SIZE's default), this file checks what it
// promises: a plan is shared by queries of one shape, each query gets its own values (its own
// tenant's rows), and whatever the cache cannot vouch for is compiled as Prisma compiles it.

/** The cache as createDb installs it (the suite runs with QUERY_PLAN_CACHE_VERIFY on). */
const restore = (size = env().QUERY_PLAN_CACHE_SIZE) => installPlanCache(size, { verifyHits: env().QUERY_PLAN_CACHE_VERIFY });
afterEach(() => restore());

/** What a piece of work added to the counters. */
async function counted<T>(work: () => Promise<T>): Promise<{ result: T; delta: PlanCacheStats }> {
  const before = planCacheStats();
  const result = await work();
  const after = planCacheStats();
  return {
    result,
    delta: { hits: after.hits - before.hits, misses: after.misses - before.misses, bypassed: after.bypassed - before.bypassed },
  };
}

/** An organization with a campaign, a creator on it, an active and an inactive asset. */
async function tenantWithCampaign() {
  const org = await createOrganization();
  const owner = await createMember(org.id, 'OWNER');
  const campaign = await createCampaign(org.id, owner.user.id);
  const creator = await createMarketplaceInfluencer();
  const onCampaign = await createCampaignInfluencer(campaign, creator.id, owner.user.id);
  const active = await createCreativeAsset(campaign, owner.user.id, { campaignInfluencerId: onCampaign.id });
  const inactive = await createCreativeAsset(campaign, owner.user.id, { campaignInfluencerId: onCampaign.id, isActive: false });
  return { org, owner, campaign, onCampaign, active, inactive };
}

/** The nested read of the campaign list, as the tenant scope runs it (a batch transaction). */
function nestedRead(organizationId: string, extraField: 'name' | 'status') {
  return runAsTenant(organizationId, () =>
    db().campaignWizard.findMany({
      where: { organizationId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 5,
      select: {
        id: true,
        [extraField]: true,
        influencers: {
          where: { organizationId },
          take: 5,
          select: { id: true, assets: { where: { organizationId, isActive: true }, select: { id: true, name: true } } },
        },
      },
    }),
  );
}

describe('query plans cached by shape', () => {
  it('two organizations share the plan of a shape, and each reads its own rows', async () => {
    const a = await tenantWithCampaign();
    const b = await tenantWithCampaign();
    const expected = (t: typeof a) => [
      { id: t.campaign.id, name: t.campaign.name, influencers: [{ id: t.onCampaign.id, assets: [{ id: t.active.id, name: t.active.name }] }] },
    ];
    // First sight of the shape: compiled as without the cache. Second: compiled, and its plan made.
    const first = await counted(() => nestedRead(a.org.id, 'name'));
    expect(first.delta).toEqual({ hits: 0, misses: 0, bypassed: 0 });
    const second = await counted(() => nestedRead(b.org.id, 'name'));
    expect(second.delta).toMatchObject({ misses: 2, hits: 0 }); // the shape, and the scope's set_config
    // From then on, from the plans, with each query's own values.
    const third = await counted(() => nestedRead(a.org.id, 'name'));
    const fourth = await counted(() => nestedRead(b.org.id, 'name'));
    expect([third.delta, fourth.delta]).toEqual([
      { hits: 2, misses: 0, bypassed: 0 },
      { hits: 2, misses: 0, bypassed: 0 },
    ]);
    expect([first.result, second.result, third.result, fourth.result]).toEqual([expected(a), expected(b), expected(a), expected(b)]);
    // What Prisma compiles itself, without the cache.
    installPlanCache(0);
    expect(await nestedRead(b.org.id, 'name')).toEqual(fourth.result);
  });

  it('the nested campaign query over GraphQL: organizations read from one cached plan', async () => {
    const query = `{ campaigns(first: 7) { ... on CampaignWizardConnection { nodes { id name influencers(first: 3) { nodes { id creativeAssets { id name } } } } } } }`;
    const a = await tenantWithCampaign();
    const b = await tenantWithCampaign();
    const read = (t: typeof a) => new TestClient(t.owner.viewer).request(query);
    await read(a);
    await read(b);
    const fromPlan = await counted(() => read(a));
    expect(fromPlan.delta.hits).toBeGreaterThanOrEqual(1);
    expect(fromPlan.delta.misses).toBe(0);
    const text = JSON.stringify(fromPlan.result);
    expect(text).toContain(a.active.name);
    expect(text).not.toContain(a.inactive.name);
    expect(text).not.toContain(b.campaign.name);
    installPlanCache(0);
    expect(await read(a)).toEqual(fromPlan.result);
  });

  it('a malformed id gets Prisma’s own answer, and the shape is still cached for well-formed ones', async () => {
    const t = await tenantWithCampaign();
    const lookup = (id: string) => db().campaignWizard.findFirst({ where: { id, organizationId: t.org.id }, select: { id: true, budgetTotal: true } });
    installPlanCache(0);
    const uncached = await lookup('not-a-uuid').catch((error: unknown) => error);
    restore();
    const cached = await counted(() => lookup('not-a-uuid').catch((error: unknown) => error));
    expect(uncached).toBeInstanceOf(Error);
    expect(String(cached.result)).toBe(String(uncached));
    expect(cached.delta).toMatchObject({ hits: 0 });

    const well = await counted(() => lookup(t.campaign.id)); // the shape's second query: its plan is made
    expect(well.result).toEqual({ id: t.campaign.id, budgetTotal: null });
    expect(well.delta).toMatchObject({ misses: 1 });
    const again = await counted(() => lookup(t.campaign.id));
    expect(again.delta).toMatchObject({ hits: 1 });
    expect(again.result).toEqual(well.result);
    // A malformed id of a cached shape is compiled by Prisma, not sent to PostgreSQL as it is.
    const malformed = await counted(() => lookup('not-a-uuid').catch((error: unknown) => error));
    expect(malformed.delta).toMatchObject({ hits: 0, bypassed: 1 });
    expect(String(malformed.result)).toBe(String(uncached));
  });

  it('enum filters, value lists and writes are compiled as Prisma compiles them, with the right rows', async () => {
    const t = await tenantWithCampaign();
    const byStatus = () => db().campaignWizard.findMany({ where: { organizationId: t.org.id, status: 'DRAFT' }, select: { id: true, status: true } });
    const runs = [await counted(byStatus), await counted(byStatus), await counted(byStatus)];
    for (const run of runs) expect(run.result).toEqual([{ id: t.campaign.id, status: 'DRAFT' }]);
    // Its plan is made with the second query and found unfit (an enum parameter): Prisma compiles.
    expect(runs[2]!.delta).toEqual({ hits: 0, misses: 0, bypassed: 1 });

    const listed = await counted(() => db().campaignWizard.findMany({ where: { id: { in: [t.campaign.id] } }, select: { id: true } }));
    expect(listed.result).toEqual([{ id: t.campaign.id }]);
    expect(listed.delta).toEqual({ hits: 0, misses: 0, bypassed: 0 });

    const renamed = await counted(() => db().campaignWizard.update({ where: { id: t.campaign.id }, data: { name: 'Renamed' }, select: { name: true } }));
    expect(renamed.result).toEqual({ name: 'Renamed' });
    expect(renamed.delta).toEqual({ hits: 0, misses: 0, bypassed: 0 });
  });

  it('raw SQL with string parameters reuses its plan with each call’s strings; other parameters compile as before', async () => {
    const echo = (value: string) => db().$queryRaw<{ v: string }[]>`SELECT ${value}::text AS v, 'plan-cache-test' AS tag`;
    const runs = [await counted(() => echo('first')), await counted(() => echo('second')), await counted(() => echo('third'))];
    expect(runs.map((run) => run.result)).toEqual([
      [{ v: 'first', tag: 'plan-cache-test' }],
      [{ v: 'second', tag: 'plan-cache-test' }],
      [{ v: 'third', tag: 'plan-cache-test' }],
    ]);
    expect(runs[2]!.delta).toEqual({ hits: 1, misses: 0, bypassed: 0 });
    const number = await counted(() => db().$queryRaw<{ n: number }[]>`SELECT ${7}::int AS n, 'plan-cache-test' AS tag`);
    expect(number.result).toEqual([{ n: 7, tag: 'plan-cache-test' }]);
    expect(number.delta).toEqual({ hits: 0, misses: 0, bypassed: 0 });
  });

  it('holds at most QUERY_PLAN_CACHE_SIZE shapes, least recently used out first; one-off shapes push none out', async () => {
    const t = await tenantWithCampaign();
    restore(3); // the scope's set_config takes a place too
    const byName = () => nestedRead(t.org.id, 'name');
    const byStatus = () => nestedRead(t.org.id, 'status');
    const unscoped = () => db().campaignWizard.findFirst({ where: { organizationId: t.org.id }, select: { name: true } });
    for (const read of [byName, byName, byStatus, byStatus]) await read(); // both cached
    // Shapes seen once (as a search term written into a filter makes them) leave the plans alone.
    for (const term of ['a', 'b', 'c']) {
      await db().campaignWizard.findFirst({ where: { organizationId: t.org.id, name: { contains: term } }, select: { id: true } });
    }
    expect((await counted(byStatus)).delta).toEqual({ hits: 2, misses: 0, bypassed: 0 });
    expect((await counted(byName)).delta).toEqual({ hits: 2, misses: 0, bypassed: 0 });
    await unscoped();
    await unscoped(); // a fourth plan: byStatus's, the least recently used, goes
    expect((await counted(byStatus)).delta).toEqual({ hits: 1, misses: 1, bypassed: 0 }); // made again
    expect((await counted(byStatus)).delta).toEqual({ hits: 2, misses: 0, bypassed: 0 });
  });
});

describe('parameterize', () => {
  it('turns the values a read compares fields with into placeholders, in where, cursor and nested selections', () => {
    const request = {
      modelName: 'CampaignWizard',
      action: 'findMany',
      query: {
        arguments: {
          where: { organizationId: 'org-1', OR: [{ name: { contains: 'x', mode: 'insensitive' } }, { archived: false }], influencers: { some: { notes: 'n' } } },
          cursor: { id: 'c-1' },
          take: 20,
        },
        selection: { id: true, assets: { arguments: { where: { isActive: true } }, selection: { id: true } } },
      },
    };
    const result = parameterize(request);
    const p = (n: number) => ({ $type: 'Param', value: `p${n}` });
    expect(result?.values).toEqual(['org-1', false, 'n', 'c-1', true]);
    expect(result?.shape).toEqual({
      ...request,
      query: {
        arguments: {
          where: { organizationId: p(0), OR: [{ name: { contains: 'x', mode: 'insensitive' } }, { archived: p(1) }], influencers: { some: { notes: p(2) } } },
          cursor: { id: p(3) },
          take: 20,
        },
        selection: { id: true, assets: { arguments: { where: { isActive: p(4) } }, selection: { id: true } } },
      },
    });
  });

  it('leaves writes and value lists alone', () => {
    expect(parameterize({ modelName: 'CampaignWizard', action: 'updateOne', query: { arguments: { where: { id: 'a' } }, selection: {} } })).toBeNull();
    expect(parameterize({ modelName: 'CampaignWizard', action: 'findMany', query: { arguments: { where: { id: { in: ['a', 'b'] } } }, selection: {} } })).toBeNull();
  });
});
