import { beforeAll, describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType } from 'graphql';
import type { Viewer } from '../src/lib/auth/viewer';
import { viewerFromClaims } from '../src/lib/auth/viewer-resolver';
import { db } from '../src/lib/db/client';
import { recordAudit } from '../src/modules/audit/audit.service';
import { schema } from '../src/schema';
import { TestClient } from './client';
import { createBrandLiftStudy, createCampaign, createCampaignInfluencer, createCreativeAsset, createMarketplaceInfluencer, createMember, createOrganization } from './factories';

/**
 * Every root field must say how it keeps tenants apart, and prove it for a user of another
 * organization and for a removed member. Adding a Query or Mutation field without an entry here
 * fails the first test, and so does a Mutation field without a `viewerWrite` check.
 */
interface World {
  orgA: { id: string; slug: string };
  auditIdA: string;
  campaignA: { id: string; name: string };
  influencerA: { id: string };
  assetA: { id: string };
  /** A marketplace creator not yet on campaignA (what addCampaignInfluencer would add). */
  freeCreatorId: string;
  otherOrgAdmin: Viewer;
  removedAdmin: Viewer;
  /** An ACTIVE VIEWER of org A: may read, never write. */
  viewerA: Viewer;
}

type Check = (world: World) => Promise<void>;
const gql = (viewer: Viewer | null, query: string, variables?: Record<string, unknown>) =>
  new TestClient(viewer).request(query, variables);

interface Entry {
  otherOrganization: Check;
  removedMember: Check;
  /** Required for Mutation fields: an ACTIVE VIEWER of the organization cannot write. */
  viewerWrite?: Check;
}

const checks: Record<string, Entry | 'public'> = {
  'Query.marketplaceInfluencers': 'public',
  'Query.viewer': {
    otherOrganization: async (w) => {
      const r = await gql(w.otherOrgAdmin, `{ viewer { organization { id slug } } }`);
      expect(JSON.stringify(r)).not.toContain(w.orgA.slug);
    },
    removedMember: async (w) => {
      const r = await gql(w.removedAdmin, `{ viewer { role organization { slug } } }`);
      expect(r.data).toEqual({ viewer: { role: null, organization: null } });
    },
  },
  'Query.node': {
    otherOrganization: async (w) => {
      for (const id of [encodeGlobalID('Organization', w.orgA.id), encodeGlobalID('AuditLog', w.auditIdA), encodeGlobalID('CampaignWizard', w.campaignA.id)]) {
        const r = await gql(w.otherOrgAdmin, `query($id: ID!) { node(id: $id) { id } }`, { id });
        expect(r.data?.node ?? null).toBeNull();
      }
    },
    removedMember: async (w) => {
      const id = encodeGlobalID('Organization', w.orgA.id);
      const r = await gql(w.removedAdmin, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(r.data?.node ?? null).toBeNull();
    },
  },
  'Query.nodes': {
    otherOrganization: async (w) => {
      const ids = [encodeGlobalID('Organization', w.orgA.id), encodeGlobalID('AuditLog', w.auditIdA)];
      const r = await gql(w.otherOrgAdmin, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
      expect(JSON.stringify(r.data)).not.toMatch(/"id":"/);
    },
    removedMember: async (w) => {
      const ids = [encodeGlobalID('Organization', w.orgA.id)];
      const r = await gql(w.removedAdmin, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
      expect(JSON.stringify(r.data)).not.toMatch(/"id":"/);
    },
  },
  'Query.campaign': {
    otherOrganization: async (w) => {
      const id = encodeGlobalID('CampaignWizard', w.campaignA.id);
      const r = await gql(w.otherOrgAdmin, `query($id: ID!) { campaign(id: $id) { id name } }`, { id });
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ campaign: null });
    },
    removedMember: async (w) => {
      const id = encodeGlobalID('CampaignWizard', w.campaignA.id);
      const r = await gql(w.removedAdmin, `query($id: ID!) { campaign(id: $id) { id name } }`, { id });
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data?.campaign ?? null).toBeNull();
      expect(JSON.stringify(r)).not.toContain(w.campaignA.name);
    },
  },
  'Query.campaigns': {
    otherOrganization: async (w) => {
      const r = await gql(
        w.otherOrgAdmin,
        `{ campaigns(first: 100) { ... on CampaignWizardConnection { totalCount edges { node { id name } } } } }`,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ campaigns: { totalCount: 0, edges: [] } });
    },
    removedMember: async (w) => {
      const r = await gql(w.removedAdmin, `{ campaigns(first: 10) { __typename } }`);
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
    },
  },
  'Query.campaignAnalytics': {
    otherOrganization: async (w) => {
      // Org A has a campaign with a creator and an asset; the other organization has nothing.
      const r = await gql(
        w.otherOrgAdmin,
        `{ campaignAnalytics { ... on CampaignAnalytics { campaignsByStatus { count } budgetsByCurrency { campaigns }
           creatorsPerCampaign { campaigns max } reachByPlatform { creators } assetsByType { count } } } }`,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({
        campaignAnalytics: {
          campaignsByStatus: [],
          budgetsByCurrency: [],
          creatorsPerCampaign: { campaigns: 0, max: 0 },
          reachByPlatform: [],
          assetsByType: [],
        },
      });
    },
    removedMember: async (w) => {
      const r = await gql(w.removedAdmin, `{ campaignAnalytics { __typename } }`);
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
    },
  },
  // Privacy (src/modules/privacy): self-service fields act on the viewer's own rows only.
  'Query.myDataExport': {
    otherOrganization: async (w) => {
      const r = await gql(w.otherOrgAdmin, `{ myDataExport }`);
      expect(r.errors).toBeUndefined();
      expect(JSON.stringify(r.data)).not.toContain(w.orgA.id);
    },
    removedMember: async (w) => {
      // Right of access: their own records stay exportable, org A's content (names, text) does not.
      const r = await gql(w.removedAdmin, `{ myDataExport }`);
      expect(r.errors).toBeUndefined();
      const text = JSON.stringify(r.data);
      const campaigns = await db().campaignWizard.findMany({ where: { organizationId: w.orgA.id }, select: { name: true } });
      for (const { name } of campaigns) expect(text).not.toContain(name);
      expect(text).not.toContain(w.orgA.slug);
    },
  },
  'Mutation.eraseMember': {
    otherOrganization: async (w) => {
      const { user: target } = await createMember(w.orgA.id, 'MEMBER');
      const { viewer: otherOwner } = await createMember((await createOrganization()).id, 'OWNER');
      const r = await gql(otherOwner, `mutation($id: ID!) { eraseMember(input: { userId: $id }) { __typename } }`, {
        id: encodeGlobalID('User', target.id),
      });
      expect(r.data).toEqual({ eraseMember: { __typename: 'NotFoundError' } });
      expect(await db().user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ deletedAt: null, email: target.email });
    },
    removedMember: async (w) => {
      const { user: target } = await createMember(w.orgA.id, 'MEMBER');
      const r = await gql(w.removedAdmin, `mutation($id: ID!) { eraseMember(input: { userId: $id }) { __typename } }`, {
        id: encodeGlobalID('User', target.id),
      });
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
      expect(await db().user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ deletedAt: null });
    },
    viewerWrite: async (w) => {
      const { user: target } = await createMember(w.orgA.id, 'MEMBER');
      const r = await gql(w.viewerA, `mutation($id: ID!) { eraseMember(input: { userId: $id }) { __typename } }`, {
        id: encodeGlobalID('User', target.id),
      });
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
      expect(await db().user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ deletedAt: null });
    },
  },
  'Mutation.eraseMyAccount': {
    otherOrganization: async (w) => {
      // Self only: a user of another organization erasing their account leaves org A as it was.
      const { viewer } = await createMember((await createOrganization()).id, 'OWNER');
      const members = () => db().userOrganization.findMany({ where: { organizationId: w.orgA.id }, orderBy: { id: 'asc' } });
      const before = await members();
      const r = await gql(viewer, `mutation { eraseMyAccount(input: { confirm: true }) { __typename } }`);
      expect(r.data).toEqual({ eraseMyAccount: { __typename: 'ErasurePayload' } });
      expect(await members()).toEqual(before);
      expect(await db().auditLog.count({ where: { organizationId: w.orgA.id, targetId: viewer.userId } })).toBe(0);
    },
    removedMember: async (w) => {
      // A former member may still erase their own account; nothing else of org A changes or leaks.
      const { user } = await createMember(w.orgA.id, 'MEMBER');
      await db().userOrganization.updateMany({ where: { userId: user.id }, data: { status: 'REMOVED' } });
      const others = () =>
        db().userOrganization.findMany({ where: { organizationId: w.orgA.id, userId: { not: user.id } }, orderBy: { id: 'asc' } });
      const before = await others();
      const r = await gql({ userId: user.id, organizationId: null, role: null }, `mutation { eraseMyAccount(input: { confirm: true }) { __typename ... on ErasurePayload { userId } } }`);
      expect(r.data).toEqual({ eraseMyAccount: { __typename: 'ErasurePayload', userId: encodeGlobalID('User', user.id) } });
      expect(JSON.stringify(r)).not.toContain(w.orgA.id);
      expect(await others()).toEqual(before);
    },
    viewerWrite: async (w) => {
      // Self only: a VIEWER may erase their own account, and writes nothing of org A but their
      // own membership (REMOVED) and the ERASE audit entry.
      const { viewer, user } = await createMember(w.orgA.id, 'VIEWER');
      const campaigns = () => db().campaignWizard.findMany({ where: { organizationId: w.orgA.id }, orderBy: { id: 'asc' } });
      const others = () =>
        db().userOrganization.findMany({ where: { organizationId: w.orgA.id, userId: { not: user.id } }, orderBy: { id: 'asc' } });
      const before = [await campaigns(), await others()];
      const r = await gql(viewer, `mutation { eraseMyAccount(input: { confirm: true }) { __typename } }`);
      expect(r.data).toEqual({ eraseMyAccount: { __typename: 'ErasurePayload' } });
      expect([await campaigns(), await others()]).toEqual(before);
    },
  },
  'Query.auditLog': {
    otherOrganization: async (w) => {
      const r = await gql(
        w.otherOrgAdmin,
        `{ auditLog(first: 100) { ... on AuditLogConnection { edges { node { id targetId } } } } }`,
      );
      expect(r.errors).toBeUndefined();
      expect(JSON.stringify(r.data)).not.toContain(w.orgA.id);
    },
    removedMember: async (w) => {
      const r = await gql(w.removedAdmin, `{ auditLog(first: 10) { __typename } }`);
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
    },
  },
  // Saved influencer lists (src/modules/influencer/influencer-list.*): tenant rows, NotFound elsewhere.
  'Query.influencerList': {
    otherOrganization: async (w) => {
      const { listId } = await listOfA(w);
      const r = await gql(w.otherOrgAdmin, `query($id: ID!) { influencerList(id: $id) { id name } }`, { id: listId });
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ influencerList: null });
    },
    removedMember: async (w) => {
      const { listId, name } = await listOfA(w);
      const r = await gql(w.removedAdmin, `query($id: ID!) { influencerList(id: $id) { id name } }`, { id: listId });
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data?.influencerList ?? null).toBeNull();
      expect(JSON.stringify(r)).not.toContain(name);
    },
  },
  'Query.influencerLists': {
    otherOrganization: async (w) => {
      const { name } = await listOfA(w);
      const r = await gql(w.otherOrgAdmin, `{ influencerLists(first: 100) { edges { node { id name items(first: 10) { edges { node { note } } } } } } }`);
      expect(r.errors).toBeUndefined();
      expect(JSON.stringify(r.data)).not.toContain(name);
      expect(JSON.stringify(r.data)).not.toContain('isolation note');
    },
    removedMember: async (w) => {
      await listOfA(w);
      const r = await gql(w.removedAdmin, `{ influencerLists(first: 10) { totalCount } }`);
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
    },
  },
  'Mutation.importInsightIQProfiles': {
    // Imports write shared marketplace rows only, never tenant rows: the check is who may run it.
    otherOrganization: async (w) => {
      const before = await listsStateOfA(w);
      const r = await gql(w.otherOrgAdmin, `mutation($input: ImportInsightIQProfilesInput!) { importInsightIQProfiles(input: $input) { __typename } }`, {
        input: { profiles: [{ external_id: 'isolation' }] },
      });
      expect(r.data).toEqual({ importInsightIQProfiles: { __typename: 'ImportInsightIQProfilesSuccess' } });
      expect(await listsStateOfA(w)).toBe(before);
    },
    removedMember: async (w) => {
      const username = `iso_${Math.random().toString(36).slice(2)}`;
      const r = await gql(w.removedAdmin, `mutation($input: ImportInsightIQProfilesInput!) { importInsightIQProfiles(input: $input) { __typename } }`, {
        input: { profiles: [importProfile(username)] },
      });
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
      expect(await db().marketplaceInfluencer.count({ where: { username } })).toBe(0);
    },
    viewerWrite: async (w) => {
      const username = `iso_${Math.random().toString(36).slice(2)}`;
      const r = await gql(w.viewerA, `mutation($input: ImportInsightIQProfilesInput!) { importInsightIQProfiles(input: $input) { __typename } }`, {
        input: { profiles: [importProfile(username)] },
      });
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
      expect(await db().marketplaceInfluencer.count({ where: { username } })).toBe(0);
    },
  },
  ...Object.fromEntries(
    (
      [
        ['createInfluencerList', 'CreateInfluencerListInput', () => ({ name: `Isolation ${Math.random().toString(36).slice(2)}` })],
        ['renameInfluencerList', 'RenameInfluencerListInput', (a) => ({ listId: a.listId, name: 'Hijacked' })],
        ['deleteInfluencerList', 'DeleteInfluencerListInput', (a) => ({ listId: a.listId })],
        ['addInfluencerToList', 'AddInfluencerToListInput', (a) => ({ listId: a.listId, creatorId: a.freeCreatorId })],
        ['updateInfluencerListNote', 'UpdateInfluencerListNoteInput', (a) => ({ listId: a.listId, creatorId: a.creatorId, note: 'Hijacked' })],
        ['removeInfluencerFromList', 'RemoveInfluencerFromListInput', (a) => ({ listId: a.listId, creatorId: a.creatorId })],
      ] as [string, string, (a: ListOfA) => Record<string, unknown>][]
    ).map(([name, type, input]): [string, Entry] => {
      const run = (viewer: Viewer, a: ListOfA) =>
        gql(viewer, `mutation($input: ${type}!) { ${name}(input: $input) { __typename ... on Error { code } } }`, { input: input(a) });
      const refused = (who: (w: World) => Viewer): Check => async (w) => {
        const a = await listOfA(w);
        const before = await listsStateOfA(w);
        const r = await run(who(w), a);
        expect(r.errors?.length).toBeGreaterThan(0);
        expect(r.data ?? null).toBeNull();
        expect(await listsStateOfA(w)).toBe(before);
      };
      return [
        `Mutation.${name}`,
        {
          otherOrganization: async (w) => {
            const a = await listOfA(w);
            const before = await listsStateOfA(w);
            const r = await run(w.otherOrgAdmin, a);
            expect(r.errors).toBeUndefined();
            // Creating is not aimed at a row: it lands in the caller's own organization, never in A's.
            expect(r.data).toEqual(
              name === 'createInfluencerList'
                ? { [name]: { __typename: 'CreateInfluencerListSuccess' } }
                : { [name]: { __typename: 'NotFoundError', code: 'NOT_FOUND' } },
            );
            expect(await listsStateOfA(w)).toBe(before);
          },
          removedMember: refused((w) => w.removedAdmin),
          viewerWrite: refused((w) => w.viewerA),
        },
      ];
    }),
  ),
};

// ---------------------------------------------------------------- saved influencer lists

interface ListOfA {
  name: string;
  /** Global ids. */
  listId: string;
  creatorId: string;
  freeCreatorId: string;
}

/** A fresh list of org A holding one creator with a note (its own rows, so checks stay independent). */
async function listOfA(w: World): Promise<ListOfA> {
  const { user } = await createMember(w.orgA.id, 'MEMBER');
  const name = `List of A ${Math.random().toString(36).slice(2)}`;
  const creator = await createMarketplaceInfluencer();
  const list = await db().influencerList.create({ data: { organizationId: w.orgA.id, createdById: user.id, name } });
  await db().influencerListItem.create({
    data: { organizationId: w.orgA.id, listId: list.id, marketplaceInfluencerId: creator.id, addedById: user.id, note: 'isolation note' },
  });
  return {
    name,
    listId: encodeGlobalID('InfluencerList', list.id),
    creatorId: encodeGlobalID('MarketplaceInfluencer', creator.id),
    freeCreatorId: encodeGlobalID('MarketplaceInfluencer', w.freeCreatorId),
  };
}

/** Org A's lists, items and audit entries: any write a check lets through shows up here. */
async function listsStateOfA(w: World) {
  const where = { organizationId: w.orgA.id };
  const rows = await Promise.all([
    db().influencerList.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, name: true, description: true, updatedAt: true } }),
    db().influencerListItem.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, note: true, updatedAt: true } }),
    db().auditLog.count({ where }),
  ]);
  return JSON.stringify(rows);
}

/** A valid InsightIQ profile payload with the given username. */
function importProfile(username: string) {
  return {
    external_id: `iso-${username}`,
    platform_username: username,
    work_platform: { id: 'wp-isolation', name: 'Instagram' },
    follower_count: 1000,
    engagement_rate: 0.02,
  };
}

// ---------------------------------------------------------------- mutations

/** Org A's writable state: any write a check lets through shows up here. */
async function stateOfA(w: World) {
  const where = { organizationId: w.orgA.id };
  const rows = await Promise.all([
    db().campaignWizard.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, version: true, status: true, updatedAt: true } }),
    db().campaignInfluencer.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, updatedAt: true } }),
    db().creativeAsset.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, updatedAt: true } }),
    db().auditLog.count({ where }),
  ]);
  return JSON.stringify(rows);
}

const campaignIdOf = (w: World) => encodeGlobalID('CampaignWizard', w.campaignA.id);
const details = () => ({
  name: `Isolation ${Math.random().toString(36).slice(2)}`,
  brandName: 'Brand',
  businessGoal: 'CONVERSION',
  startDate: '2027-01-01',
  endDate: '2027-01-31',
  timeZone: 'UTC',
  budgetTotal: '100.00',
  budgetSocial: '50.00',
  currency: 'USD',
});
const versioned = (w: World) => ({ campaignId: campaignIdOf(w), expectedVersion: 1 });
const mutationInputs: Record<string, (w: World) => Record<string, unknown>> = {
  createCampaign: () => details(),
  saveCampaignDetails: (w) => ({ ...versioned(w), ...details() }),
  saveCampaignObjectives: (w) => ({ ...versioned(w), primaryKpi: 'AD_RECALL', secondaryKpis: [], platforms: ['YOUTUBE'], keyMessage: 'Hi' }),
  saveCampaignAudience: (w) => ({ ...versioned(w), ageBuckets: [], locations: [], genders: [], languages: [], interests: [] }),
  saveCampaignAssets: versioned,
  submitCampaign: versioned,
  approveCampaign: versioned,
  activateCampaign: versioned,
  pauseCampaign: versioned,
  resumeCampaign: versioned,
  completeCampaign: versioned,
  cancelCampaign: versioned,
  duplicateCampaign: (w) => ({ campaignId: campaignIdOf(w) }),
  addCampaignInfluencer: (w) => ({ campaignId: campaignIdOf(w), marketplaceInfluencerId: encodeGlobalID('MarketplaceInfluencer', w.freeCreatorId) }),
  updateCampaignInfluencer: (w) => ({ campaignInfluencerId: encodeGlobalID('CampaignInfluencer', w.influencerA.id), status: 'DECLINED' }),
  removeCampaignInfluencer: (w) => ({ campaignInfluencerId: encodeGlobalID('CampaignInfluencer', w.influencerA.id) }),
  createCreativeAsset: (w) => ({
    campaignId: campaignIdOf(w),
    name: 'Isolation',
    type: 'IMAGE',
    url: 'https://cdn.example.com/i.png',
    mimeType: 'image/png',
    sizeBytes: '10',
  }),
  updateCreativeAsset: (w) => ({ creativeAssetId: encodeGlobalID('CreativeAsset', w.assetA.id), name: 'Renamed' }),
  setCreativeAssetActive: (w) => ({ creativeAssetId: encodeGlobalID('CreativeAsset', w.assetA.id), isActive: false }),
  assignCreativeAsset: (w) => ({
    creativeAssetId: encodeGlobalID('CreativeAsset', w.assetA.id),
    campaignInfluencerId: encodeGlobalID('CampaignInfluencer', w.influencerA.id),
  }),
  setPrimaryBrandLiftAsset: (w) => ({ creativeAssetId: encodeGlobalID('CreativeAsset', w.assetA.id) }),
};

function runMutation(viewer: Viewer | null, name: string, input: Record<string, unknown>) {
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  return gql(viewer, `mutation($input: ${type}!) { ${name}(input: $input) { __typename ... on Error { code } } }`, { input });
}

/** The mutation is refused (an auth error, no data) and org A is unchanged. */
const refusedFor = (who: (w: World) => Viewer, name: string): Check => async (w) => {
  const before = await stateOfA(w);
  const r = await runMutation(who(w), name, mutationInputs[name]!(w));
  expect(r.errors?.length).toBeGreaterThan(0);
  expect(r.data ?? null).toBeNull();
  expect(await stateOfA(w)).toBe(before);
};

for (const name of Object.keys(mutationInputs)) {
  checks[`Mutation.${name}`] = {
    otherOrganization: async (w) => {
      const before = await stateOfA(w);
      if (name === 'createCampaign') {
        // Creating is not aimed at a row: it lands in the caller's own organization, never in A's.
        // (A fresh organization, so the other organization of this world stays empty.)
        const outsider = await createMember((await createOrganization()).id, 'ADMIN');
        const r = await runMutation(outsider.viewer, name, mutationInputs[name]!(w));
        expect(r.errors).toBeUndefined();
        expect(r.data).toEqual({ createCampaign: { __typename: 'CreateCampaignSuccess' } });
        expect(await db().campaignWizard.count({ where: { organizationId: outsider.viewer.organizationId! } })).toBe(1);
      } else {
        const r = await runMutation(w.otherOrgAdmin, name, mutationInputs[name]!(w));
        expect(r.errors).toBeUndefined();
        expect(r.data).toEqual({ [name]: { __typename: 'NotFoundError', code: 'NOT_FOUND' } });
      }
      expect(await stateOfA(w)).toBe(before);
    },
    removedMember: refusedFor((w) => w.removedAdmin, name),
    viewerWrite: refusedFor((w) => w.viewerA, name),
  };
}

// Brand lift design (src/modules/brand-lift): a study of org A with a question and a comment,
// made once; every mutation aimed at it from outside is NotFound or refused, and it stays as is.
const brandLiftFixtures = new Map<string, Promise<{ studyId: string; questionId: string; commentId: string }>>();
function brandLiftOfA(w: World) {
  let made = brandLiftFixtures.get(w.orgA.id);
  if (!made) {
    made = (async () => {
      const campaign = await db().campaignWizard.findUniqueOrThrow({ where: { id: w.campaignA.id } });
      const study = await createBrandLiftStudy(campaign, campaign.createdById);
      const question = await db().brandLiftQuestion.create({
        data: { organizationId: w.orgA.id, studyId: study.id, text: 'Q', type: 'SINGLE_CHOICE', kpi: 'AD_RECALL', position: 1 },
      });
      const comment = await db().brandLiftComment.create({
        data: { organizationId: w.orgA.id, studyId: study.id, authorId: campaign.createdById, body: 'Hi' },
      });
      return { studyId: study.id, questionId: question.id, commentId: comment.id };
    })();
    brandLiftFixtures.set(w.orgA.id, made);
  }
  return made;
}
async function brandLiftStateOfA(w: World) {
  const where = { organizationId: w.orgA.id };
  return JSON.stringify(
    await Promise.all([
      db().brandLiftStudy.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, status: true, updatedAt: true } }),
      db().brandLiftQuestion.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, position: true, updatedAt: true } }),
      db().brandLiftComment.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, resolvedAt: true } }),
      db().auditLog.count({ where }),
    ]),
  );
}
type BrandLiftIds = { study: string; question: string; comment: string; campaign: string };
const brandLiftInputs: Record<string, (ids: BrandLiftIds) => Record<string, unknown>> = {
  createBrandLiftStudy: (ids) => ({ campaignId: ids.campaign, name: 'Isolation', primaryKpi: 'AD_RECALL' }),
  updateBrandLiftStudy: (ids) => ({ studyId: ids.study, name: 'Renamed' }),
  addBrandLiftQuestion: (ids) => ({
    studyId: ids.study,
    text: 'Q?',
    type: 'SINGLE_CHOICE',
    kpi: 'AD_RECALL',
    options: [{ text: 'Yes', isPositive: true }, { text: 'No', isPositive: false }],
  }),
  updateBrandLiftQuestion: (ids) => ({ questionId: ids.question, text: 'Changed' }),
  removeBrandLiftQuestion: (ids) => ({ questionId: ids.question }),
  reorderBrandLiftQuestions: (ids) => ({ studyId: ids.study, questionIds: [ids.question] }),
  requestBrandLiftReview: (ids) => ({ studyId: ids.study }),
  requestBrandLiftChanges: (ids) => ({ studyId: ids.study, comment: 'No' }),
  approveBrandLiftStudy: (ids) => ({ studyId: ids.study }),
  launchBrandLiftStudy: (ids) => ({ studyId: ids.study }),
  completeBrandLiftStudy: (ids) => ({ studyId: ids.study }),
  archiveBrandLiftStudy: (ids) => ({ studyId: ids.study }),
  addBrandLiftComment: (ids) => ({ studyId: ids.study, questionId: ids.question, body: 'Hi' }),
  resolveBrandLiftComment: (ids) => ({ commentId: ids.comment }),
};
async function brandLiftIds(w: World): Promise<BrandLiftIds> {
  const made = await brandLiftOfA(w);
  return {
    study: encodeGlobalID('BrandLiftStudy', made.studyId),
    question: encodeGlobalID('BrandLiftQuestion', made.questionId),
    comment: encodeGlobalID('BrandLiftComment', made.commentId),
    campaign: encodeGlobalID('CampaignWizard', w.campaignA.id),
  };
}
const brandLiftRefusedFor = (who: (w: World) => Viewer, name: string): Check => async (w) => {
  const input = brandLiftInputs[name]!(await brandLiftIds(w));
  const before = await brandLiftStateOfA(w);
  const r = await runMutation(who(w), name, input);
  expect(r.errors?.length).toBeGreaterThan(0);
  expect(r.data ?? null).toBeNull();
  expect(await brandLiftStateOfA(w)).toBe(before);
};
for (const name of Object.keys(brandLiftInputs)) {
  checks[`Mutation.${name}`] = {
    otherOrganization: async (w) => {
      const input = brandLiftInputs[name]!(await brandLiftIds(w));
      const before = await brandLiftStateOfA(w);
      const r = await runMutation(w.otherOrgAdmin, name, input);
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ [name]: { __typename: 'NotFoundError', code: 'NOT_FOUND' } });
      expect(await brandLiftStateOfA(w)).toBe(before);
    },
    removedMember: brandLiftRefusedFor((w) => w.removedAdmin, name),
    viewerWrite: brandLiftRefusedFor((w) => w.viewerA, name),
  };
}

const rootFields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
  type && isObjectType(type) ? Object.keys(type.getFields()).map((name) => `${type.name}.${name}`) : [],
);

describe('tenant isolation of every root field', () => {
  let world: World;

  beforeAll(async () => {
    const orgA = await createOrganization();
    const orgB = await createOrganization();
    const { viewer: otherOrgAdmin } = await createMember(orgB.id, 'ADMIN');
    // A former ADMIN of org A: the token still says admin of A, the database says REMOVED.
    const { user } = await createMember(orgA.id, 'ADMIN');
    await db().userOrganization.updateMany({ where: { userId: user.id }, data: { status: 'REMOVED' } });
    const removedAdmin = await viewerFromClaims({
      clerkUserId: user.clerkUserId,
      sessionId: 'sess_isolation',
      org: { clerkOrgId: orgA.clerkOrgId, role: 'admin', slug: orgA.slug },
    });
    const audit = await recordAudit(db(), {
      organizationId: orgA.id,
      actorId: user.id,
      action: 'UPDATE',
      targetType: 'ORGANIZATION',
      targetId: orgA.id,
      before: { name: 'old' },
      after: { name: orgA.name },
    });
    const campaignA = await createCampaign(orgA.id, user.id, { budgetTotal: '100.00' });
    const creator = await createMarketplaceInfluencer();
    const influencerA = await createCampaignInfluencer(campaignA, creator.id, user.id);
    const assetA = await createCreativeAsset(campaignA, user.id);
    const freeCreator = await createMarketplaceInfluencer();
    const { viewer: viewerA } = await createMember(orgA.id, 'VIEWER');
    world = { orgA, auditIdA: audit.id, campaignA, influencerA, assetA, freeCreatorId: freeCreator.id, otherOrgAdmin, removedAdmin, viewerA };
  });

  it('every Query and Mutation field has an isolation entry', () => {
    expect([...rootFields].sort()).toEqual(Object.keys(checks).sort());
    const withoutViewerWrite = rootFields.filter((f) => f.startsWith('Mutation.')).filter((f) => {
      const check = checks[f];
      return check === undefined || check === 'public' || !check.viewerWrite;
    });
    expect(withoutViewerWrite).toEqual([]);
  });

  for (const [field, check] of Object.entries(checks)) {
    if (check === 'public') {
      it(`${field} is public data and answers anonymous requests`, async () => {
        const name = field.split('.')[1]!;
        const r = await gql(null, `{ ${name}(first: 1) { __typename } }`);
        expect(r.errors).toBeUndefined();
      });
      continue;
    }
    it(`${field}: a user of another organization gets nothing of it`, async () => check.otherOrganization(world));
    it(`${field}: a removed member gets nothing`, async () => check.removedMember(world));
    const { viewerWrite } = check;
    if (viewerWrite) it(`${field}: a VIEWER of the organization cannot write`, async () => viewerWrite(world));
  }
});
