import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { TestClient } from '../../../test/client';
import { useSqlRecorder } from '../../../test/sql-recorder';
import {
  createBrandLiftStudy,
  createCampaign,
  createCampaignInfluencer,
  createCampaignWith,
  createCreativeAsset,
  createMarketplaceInfluencer,
  createMember,
  createOrganization,
} from '../../../test/factories';

const token = () => randomBytes(5).toString('hex');

async function newOrg() {
  const org = await createOrganization();
  const member = await createMember(org.id, 'MEMBER');
  const viewer = await createMember(org.id, 'VIEWER');
  return { org, user: member.user, member: member.viewer, viewer: viewer.viewer };
}

type Page = {
  __typename: string;
  totalCount: number;
  edges: { cursor: string; node: { id: string; name: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  message?: string;
  issues?: { path: string[] }[];
};
const LIST = `query($first: Int, $after: String, $filter: CampaignFilterInput, $orderBy: CampaignOrderInput) {
  campaigns(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    __typename
    ... on CampaignWizardConnection { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } }
    ... on ValidationError { message issues { path message } }
  }
}`;
async function list(viewer: Viewer, variables: Record<string, unknown> = {}): Promise<Page> {
  return (await new TestClient(viewer).data<{ campaigns: Page }>(LIST, { first: 100, ...variables })).campaigns;
}
const names = async (viewer: Viewer, variables: Record<string, unknown> = {}) => (await list(viewer, variables)).edges.map((e) => e.node.name);

describe('campaign(id:)', () => {
  const QUERY = `query($id: ID!) { campaign(id: $id) {
    id name brandName startDate budgetTotal currency primaryKpi secondaryKpis platforms status version createdByName
    ageBuckets { bucket percentage } locations { countryCode region city } contacts { name email phone role }
    creativeAssets { name sizeBytes isActive } all: creativeAssets(activeOnly: false) { name }
    brandLiftStudies { name funnelStage primaryKpi status targetSamplePerGroup }
  } }`;

  it('reads every wizard section; contacts’ email and phone only for MEMBER or above', async () => {
    const { org, user, member, viewer } = await newOrg();
    const campaign = await createCampaignWith(org.id, user.id, {
      name: 'Spring launch',
      brandName: 'Lumen',
      startDate: new Date('2027-03-01'),
      budgetTotal: '1250.50',
      currency: 'EUR',
      primaryKpi: 'AD_RECALL',
      secondaryKpis: ['PURCHASE_INTENT', 'BRAND_AWARENESS'],
      platforms: ['INSTAGRAM', 'TIKTOK'],
      ageBuckets: { create: [{ organizationId: org.id, bucket: 'AGE_18_24', percentage: 60 }, { organizationId: org.id, bucket: 'AGE_25_34', percentage: 40 }] },
      locations: { create: [{ organizationId: org.id, countryCode: 'DE', city: 'Berlin' }] },
      contacts: { create: [{ organizationId: org.id, name: 'Ada', email: 'ada@example.com', phone: '+49 30 1234' }] },
    });
    await createCreativeAsset(campaign, user.id, { name: 'on' });
    await createCreativeAsset(campaign, user.id, { name: 'off', isActive: false });
    await createBrandLiftStudy(campaign, user.id, { name: 'Recall study' });
    const id = encodeGlobalID('CampaignWizard', campaign.id);

    const asViewer = await new TestClient(viewer).data<{ campaign: Record<string, unknown> }>(QUERY, { id });
    expect(asViewer.campaign).toMatchObject({
      id,
      name: 'Spring launch',
      brandName: 'Lumen',
      startDate: '2027-03-01',
      budgetTotal: '1250.5',
      currency: 'EUR',
      secondaryKpis: ['BRAND_AWARENESS', 'PURCHASE_INTENT'],
      platforms: ['INSTAGRAM', 'TIKTOK'],
      status: 'DRAFT',
      version: 1,
      createdByName: user.name,
      ageBuckets: [{ bucket: 'AGE_18_24', percentage: 60 }, { bucket: 'AGE_25_34', percentage: 40 }],
      locations: [{ countryCode: 'DE', region: null, city: 'Berlin' }],
      contacts: [{ name: 'Ada', email: null, phone: null, role: 'PRIMARY' }],
      creativeAssets: [{ name: 'on', sizeBytes: '1024', isActive: true }],
      all: [{ name: 'on' }, { name: 'off' }],
      brandLiftStudies: [{ name: 'Recall study', funnelStage: 'TOP', primaryKpi: 'AD_RECALL', status: 'DRAFT', targetSamplePerGroup: 400 }],
    });
    const asMember = await new TestClient(member).data<{ campaign: { contacts: unknown[] } }>(QUERY, { id });
    expect(asMember.campaign.contacts).toEqual([{ name: 'Ada', email: 'ada@example.com', phone: '+49 30 1234', role: 'PRIMARY' }]);
  });

  it('gives null for another organization’s id and a missing id, refuses anonymous callers and ids of other types', async () => {
    const a = await newOrg();
    const b = await newOrg();
    const campaign = await createCampaign(a.org.id, a.user.id);
    const id = encodeGlobalID('CampaignWizard', campaign.id);
    const query = `query($id: ID!) { campaign(id: $id) { id name } }`;
    expect(await new TestClient(b.viewer).data(query, { id })).toEqual({ campaign: null });
    expect(await new TestClient(a.viewer).data(query, { id: encodeGlobalID('CampaignWizard', '00000000-0000-4000-8000-000000000000') })).toEqual({ campaign: null });
    expect(await new TestClient(a.viewer).data(query, { id: encodeGlobalID('CampaignWizard', 'not-a-uuid') })).toEqual({ campaign: null });
    const anonymous = await new TestClient(null).request(query, { id });
    expect(anonymous.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(anonymous)).not.toContain(campaign.name);
    const wrongType = await new TestClient(a.viewer).request(query, { id: encodeGlobalID('Organization', a.org.id) });
    expect(wrongType.errors?.length).toBeGreaterThan(0);
    expect(wrongType.data?.campaign ?? null).toBeNull();
    // node(id:) goes through the same tenant filter.
    const node = await new TestClient(b.viewer).data(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(node).toEqual({ node: null });
    // A malformed id through node(id:) is a missing node too, not a database error.
    for (const type of ['CampaignWizard', 'CampaignInfluencer', 'CreativeAsset', 'InfluencerList', 'AuditLog']) {
      const malformed = await new TestClient(a.viewer).request(`query($id: ID!) { node(id: $id) { id } }`, { id: encodeGlobalID(type, 'not-a-uuid') });
      expect({ type, ...malformed }).toEqual({ type, data: { node: null }, status: 200 });
    }
  });
});

describe('campaigns filters', () => {
  it('narrows by status, start date, KPI (primary or secondary), platform and name or brand text', async () => {
    const { org, user, viewer } = await newOrg();
    const t = token();
    await createCampaignWith(org.id, user.id, { name: `A ${t}`, status: 'DRAFT', startDate: new Date('2027-01-10'), primaryKpi: 'AD_RECALL', platforms: ['INSTAGRAM'] });
    await createCampaignWith(org.id, user.id, { name: 'B', brandName: `Brand ${t.toUpperCase()}`, status: 'ACTIVE', startDate: new Date('2027-02-10'), secondaryKpis: ['AD_RECALL', 'ADVOCACY'], platforms: ['TIKTOK', 'YOUTUBE'] });
    await createCampaignWith(org.id, user.id, { name: 'C 100%_off', status: 'PAUSED', primaryKpi: 'CONSIDERATION', platforms: [] });
    const set = async (filter: Record<string, unknown>) => (await names(viewer, { filter })).sort();
    expect(await set({})).toEqual([`A ${t}`, 'B', 'C 100%_off']);
    expect(await set({ statuses: ['ACTIVE', 'PAUSED'] })).toEqual(['B', 'C 100%_off']);
    expect(await set({ startDateFrom: '2027-01-10' })).toEqual([`A ${t}`, 'B']);
    expect(await set({ startDateFrom: '2027-01-11', startDateTo: '2027-02-10' })).toEqual(['B']);
    expect(await set({ startDateTo: '2027-01-10' })).toEqual([`A ${t}`]);
    expect(await set({ kpis: ['AD_RECALL'] })).toEqual([`A ${t}`, 'B']);
    expect(await set({ kpis: ['ADVOCACY', 'CONSIDERATION'] })).toEqual(['B', 'C 100%_off']);
    expect(await set({ platforms: ['YOUTUBE', 'INSTAGRAM'] })).toEqual([`A ${t}`, 'B']);
    expect(await set({ search: t.toUpperCase() })).toEqual([`A ${t}`, 'B']);
    expect(await set({ search: '%_' })).toEqual(['C 100%_off']);
    expect(await set({ search: '0%\\' })).toEqual([]);
    expect(await set({ search: 'brand', statuses: ['DRAFT'] })).toEqual([]);
    expect((await list(viewer, { filter: { kpis: ['AD_RECALL'] } })).totalCount).toBe(2);
  });

  it('reports an inverted date range and an over-long search as a typed ValidationError', async () => {
    const { viewer } = await newOrg();
    const result = await list(viewer, { filter: { startDateFrom: '2027-02-01', startDateTo: '2027-01-01', search: 'x'.repeat(201) } });
    expect(result).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['filter', 'startDateTo'] }, { path: ['filter', 'search'] }] });
  });

  it('refuses anonymous callers and shows nothing of another organization', async () => {
    const a = await newOrg();
    const b = await newOrg();
    await createCampaign(a.org.id, a.user.id, { name: `secret ${token()}` });
    expect(await list(b.viewer)).toMatchObject({ totalCount: 0, edges: [] });
    const anonymous = await new TestClient(null).request(LIST, { first: 1 });
    expect(anonymous.errors?.length).toBeGreaterThan(0);
    expect(anonymous.data?.campaigns ?? null).toBeNull();
  });
});

describe('campaigns ordering and cursors', () => {
  it('orders by each field in both directions, ties broken by id, campaigns without the key last', async () => {
    const { org, user, viewer } = await newOrg();
    const c1 = await createCampaignWith(org.id, user.id, { name: 'b', startDate: new Date('2027-01-01'), budgetTotal: '300.00' });
    const c2 = await createCampaignWith(org.id, user.id, { name: 'a', startDate: new Date('2027-01-01'), budgetTotal: '100.00' });
    const c3 = await createCampaignWith(org.id, user.id, { name: 'c' });
    const sameDay = [c1, c2].sort((x, y) => x.id.localeCompare(y.id)).map((c) => c.name);
    const by = (field: string, direction: string) => names(viewer, { orderBy: { field, direction } });
    expect(await names(viewer)).toEqual(['c', 'a', 'b']);
    expect(await by('NAME', 'ASC')).toEqual(['a', 'b', 'c']);
    expect(await by('NAME', 'DESC')).toEqual(['c', 'b', 'a']);
    expect(await by('CREATED_AT', 'ASC')).toEqual(['b', 'a', 'c']);
    expect(await by('START_DATE', 'ASC')).toEqual([...sameDay, 'c']);
    expect(await by('START_DATE', 'DESC')).toEqual([...sameDay.reverse(), 'c']);
    expect(await by('BUDGET_TOTAL', 'ASC')).toEqual(['a', 'b', 'c']);
    expect(await by('BUDGET_TOTAL', 'DESC')).toEqual(['b', 'a', 'c']);
    void c3;
  });

  for (const field of ['CREATED_AT', 'START_DATE', 'NAME', 'BUDGET_TOTAL']) {
    it(`pages by ${field} two at a time, each campaign once, unmoved by inserts between pages`, async () => {
      const { org, user, viewer } = await newOrg();
      // Ties and missing keys on purpose: only the id tie-break and nulls-last keep pages apart.
      for (let i = 0; i < 7; i++) {
        await createCampaignWith(org.id, user.id, {
          name: `n${i % 3}-${i}`,
          startDate: i % 4 === 3 ? null : new Date(`2027-01-0${1 + (i % 2)}`),
          budgetTotal: i % 3 === 2 ? null : `${100 * (1 + (i % 2))}.00`,
        });
      }
      // Newest first for CREATED_AT, so that the inserted campaigns sort before the pages read.
      const orderBy = { field, direction: field === 'CREATED_AT' ? 'DESC' : 'ASC' };
      const all = await names(viewer, { orderBy });
      expect(all).toHaveLength(7);
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const result = await list(viewer, { first: 2, after, orderBy });
        expect(result.totalCount).toBe(7 + page);
        seen.push(...result.edges.map((e) => e.node.name));
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor;
        // A new campaign that sorts first (earliest key) must not shift the next page.
        await createCampaignWith(org.id, user.id, { name: `0-new-${page}`, startDate: new Date('2026-01-01'), budgetTotal: '0.00' });
      }
      expect(seen).toEqual(all);
    });
  }
});

describe('nested campaign read: statement count', () => {
  // Counts what reaches PostgreSQL on a pool of our own (test/sql-recorder.ts), leaving out
  // connection setup and the row-level-security wrapper (BEGIN, set_config, COMMIT) around each query.
  const recordSql = useSqlRecorder();

  /** n campaigns x n creators each x (2 active + 1 inactive) assets per creator, 1 study each, in bulk. */
  async function seed(n: number) {
    const { org, user, viewer } = await newOrg();
    const t = token();
    await db().campaignWizard.createMany({ data: Array.from({ length: n }, (_, i) => ({ organizationId: org.id, createdById: user.id, name: `c${i}-${t}` })) });
    await db().marketplaceInfluencer.createMany({
      data: Array.from({ length: n }, (_, i) => ({ platform: 'TIKTOK' as const, username: `u${i}_${t}`, displayName: `U ${i}`, followers: 1000 + i, engagementRate: '0.010000' })),
    });
    const campaigns = await db().campaignWizard.findMany({ where: { organizationId: org.id }, select: { id: true } });
    const creators = await db().marketplaceInfluencer.findMany({ where: { username: { endsWith: `_${t}` } }, select: { id: true } });
    await db().campaignInfluencer.createMany({
      data: campaigns.flatMap((c) => creators.map((m) => ({ organizationId: org.id, campaignId: c.id, marketplaceInfluencerId: m.id, addedById: user.id }))),
    });
    await db().brandLiftStudy.createMany({
      data: campaigns.map((c) => ({ organizationId: org.id, campaignId: c.id, createdById: user.id, name: 'Study', funnelStage: 'TOP' as const, primaryKpi: 'AD_RECALL' as const })),
    });
    const links = await db().campaignInfluencer.findMany({ where: { organizationId: org.id }, select: { id: true, campaignId: true } });
    await db().creativeAsset.createMany({
      data: links.flatMap((l) =>
        [true, true, false].map((isActive, k) => ({
          organizationId: org.id, campaignId: l.campaignId, campaignInfluencerId: l.id, createdById: user.id, isActive,
          name: `a${k}`, type: 'IMAGE' as const, url: `https://assets.example.com/${k}.png`, mimeType: 'image/png', sizeBytes: 10n,
        })),
      ),
    });
    return { viewer, campaignId: campaigns[0]!.id };
  }

  const QUERY = `{ campaigns(first: 20) { ... on CampaignWizardConnection { totalCount edges { node {
    name brandLiftStudies { name status }
    influencers(first: 20) { totalCount edges { node { status creator { username followers } creativeAssets { name isActive sizeBytes } } } }
  } } } } }`;
  type Data = { campaigns: { totalCount: number; edges: { node: { brandLiftStudies: unknown[]; influencers: { totalCount: number; edges: { node: { creator: { username: string }; creativeAssets: { isActive: boolean }[] } }[] } } }[] } };

  async function countFor(n: number) {
    const { viewer } = await seed(n);
    const { result: data, all, data: dataStatements } = await recordSql(() => new TestClient(viewer).data<Data>(QUERY));
    const count = { all: all.length, data: dataStatements.length };
    expect(data.campaigns.totalCount).toBe(n);
    expect(data.campaigns.edges).toHaveLength(n);
    for (const { node } of data.campaigns.edges) {
      expect(node.brandLiftStudies).toHaveLength(1);
      expect(node.influencers.totalCount).toBe(n);
      expect(node.influencers.edges).toHaveLength(n);
      for (const edge of node.influencers.edges) expect(edge.node.creativeAssets.map((a) => a.isActive)).toEqual([true, true]);
    }
    return count;
  }

  it('does not grow from 4 x 4 x 2 to 20 x 20 x 2 rows, and needs at most 2 data statements', async () => {
    const small = await countFor(4);
    const large = await countFor(20);
    expect(large).toEqual(small);
    // Measured: 2 (the joined page query and the count), 8 with the RLS wrapper.
    expect(small.data).toBeLessThanOrEqual(2);
  });

  it('gives the same tree through `nodes` as through `edges`, in the same number of statements', async () => {
    const { viewer } = await seed(4);
    const client = new TestClient(viewer);
    const tree = (list: (fields: string) => string) => `{ campaigns(first: 20) { ... on CampaignWizardConnection { ${list(
      `id name influencers(first: 20) { ${list('id status creator { username } creativeAssets { name }')} }`,
    )} } } }`;
    const viaEdges = await recordSql(() => client.data<Record<string, unknown>>(tree((f) => `edges { node { ${f} } }`)));
    const viaNodes = await recordSql(() => client.data<Record<string, unknown>>(tree((f) => `nodes { ${f} }`)));
    // Every `edges { node { … } }` of the first answer is a `nodes` list in the second.
    const unwrap = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(unwrap)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value).map(([k, v]) =>
                k === 'edges' ? ['nodes', (v as { node: unknown }[]).map((e) => unwrap(e.node))] : [k, unwrap(v)],
              ),
            )
          : value;
    expect(viaNodes.result).toEqual(unwrap(viaEdges.result));
    expect((viaNodes.result as { campaigns: { nodes: unknown[] } }).campaigns.nodes).toHaveLength(4);
    expect(viaNodes.data).toHaveLength(viaEdges.data.length);
    expect(viaNodes.data.length).toBeLessThanOrEqual(2);
  });

  it('reads one campaign with its whole tree in one data statement', async () => {
    const { viewer, campaignId } = await seed(20);
    const query = `query($id: ID!) { campaign(id: $id) { name brandLiftStudies { name }
      influencers(first: 20) { totalCount edges { node { creator { username followers } creativeAssets { name } } } } } }`;
    const { result: data, data: dataStatements } = await recordSql(() =>
      new TestClient(viewer).data<{ campaign: { influencers: { totalCount: number } } }>(query, { id: encodeGlobalID('CampaignWizard', campaignId) }),
    );
    expect(data.campaign.influencers.totalCount).toBe(20);
    expect(dataStatements).toHaveLength(1);
  });

  it('loads large columns only when asked for, and then gives them (select mode, src/lib/pothos/always-selected.ts)', async () => {
    const { viewer, campaignId } = await seed(2);
    const links = await db().campaignInfluencer.findMany({ where: { campaignId }, select: { id: true, marketplaceInfluencerId: true } });
    await db().marketplaceInfluencer.updateMany({ where: { id: { in: links.map((l) => l.marketplaceInfluencerId) } }, data: { bio: 'Trail runner' } });
    await db().creativeAsset.updateMany({ where: { campaignInfluencerId: { in: links.map((l) => l.id) } }, data: { description: 'Hero shot' } });
    const id = encodeGlobalID('CampaignWizard', campaignId);
    const tree = (fields: { creator: string; asset: string }) => `query($id: ID!) { campaign(id: $id) {
      influencers(first: 20) { edges { node { status creator { ${fields.creator} } creativeAssets { ${fields.asset} } } } } } }`;
    type Tree = { campaign: { influencers: { edges: { node: { creator: Record<string, unknown>; creativeAssets: Record<string, unknown>[] } }[] } } };

    const lean = await recordSql(() => new TestClient(viewer).data<Tree>(tree({ creator: 'username followers', asset: 'name url' }), { id }));
    expect(lean.data.join('\n')).not.toMatch(/"bio"|"description"|"engagementRate"|"durationSeconds"/);
    const assets = lean.result.campaign.influencers.edges[0]!.node.creativeAssets;
    expect([...assets].sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: 'a0', url: 'https://assets.example.com/0.png' },
      { name: 'a1', url: 'https://assets.example.com/1.png' },
    ]);

    const full = await recordSql(() =>
      new TestClient(viewer).data<Tree>(tree({ creator: 'username bio engagementRate', asset: 'name description sizeBytes' }), { id }),
    );
    expect(full.data).toHaveLength(1);
    for (const { node } of full.result.campaign.influencers.edges) {
      expect(node.creator).toEqual({ username: expect.any(String), bio: 'Trail runner', engagementRate: '0.01' });
      for (const asset of node.creativeAssets) expect(asset).toEqual({ name: expect.any(String), description: 'Hero shot', sizeBytes: '10' });
    }
  });
});
