import { describe, expect, it } from '@jest/globals';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { TestClient } from '../../../test/client';
import {
  createCampaign,
  createCampaignInfluencer,
  createCampaignWith,
  createCreativeAsset,
  createMarketplaceInfluencer,
  createMember,
  createOrganization,
} from '../../../test/factories';
import type { CampaignStatus, MembershipRole } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { createDb, db, setDb } from '../../lib/db/client';
import { runAsTenant } from '../../lib/db/tenant-scope';
import { ConflictError, ForbiddenError } from '../../lib/errors';
import { mapUniqueViolation } from '../common/service';
import { createCampaign as createCampaignCommand } from './campaign.commands';
import { TRANSITIONS, type CampaignTransition } from './campaign.status';

// The write side of the campaign wizard, through the whole HTTP pipeline against real PostgreSQL.

type Result = {
  __typename: string;
  message?: string;
  code?: string;
  issues?: { path: string[]; message: string }[];
  currentStatus?: string;
  transition?: string;
  campaign?: Record<string, unknown> & { id: string; version: number; status: string };
  campaignInfluencer?: { id: string; status: string; agreedFee: string | null };
  creativeAsset?: { id: string; isActive: boolean; isPrimaryForBrandLift: boolean };
};

const CAMPAIGN = `id name status version currentStep completedSteps brandName budgetTotal budgetSocial timeZone
  primaryKpi secondaryKpis platforms ageBuckets { bucket percentage } languages`;
const SELECTIONS: Record<string, string> = {
  campaign: CAMPAIGN,
  campaignInfluencer: 'id status agreedFee',
  creativeAsset: 'id isActive isPrimaryForBrandLift',
};
const INFLUENCER_RESULTS = new Set(['addCampaignInfluencer', 'updateCampaignInfluencer']);
const ASSET_RESULTS = new Set(['createCreativeAsset', 'updateCreativeAsset', 'setCreativeAssetActive', 'assignCreativeAsset', 'setPrimaryBrandLiftAsset']);
const dataFieldOf = (name: string) =>
  INFLUENCER_RESULTS.has(name) ? 'campaignInfluencer' : ASSET_RESULTS.has(name) ? 'creativeAsset' : 'campaign';

async function call(viewer: Viewer | null, name: string, input: Record<string, unknown>) {
  const type = name[0]!.toUpperCase() + name.slice(1);
  const field = dataFieldOf(name);
  const query = `mutation($input: ${type}Input!) { ${name}(input: $input) {
    __typename
    ... on ${type}Success { ${field} { ${SELECTIONS[field]} } }
    ... on Error { message code }
    ... on ValidationError { issues { path message } }
    ... on InvalidTransitionError { currentStatus transition }
    ... on NotEditableError { currentStatus }
  } }`;
  const r = await new TestClient(viewer).request<Record<string, Result>>(query, { input });
  return { errors: r.errors, result: r.data?.[name] ?? null };
}

/** The typed result; fails the test on a GraphQL (not typed) error. */
async function mutate(viewer: Viewer | null, name: string, input: Record<string, unknown>): Promise<Result> {
  const { errors, result } = await call(viewer, name, input);
  if (errors?.length) throw new Error(`${name}: ${JSON.stringify(errors)}`);
  return result!;
}

const gid = (type: string, id: string) => encodeGlobalID(type, id);

async function world() {
  const org = await createOrganization();
  const member = await createMember(org.id, 'MEMBER');
  const admin = await createMember(org.id, 'ADMIN');
  const viewerRole = await createMember(org.id, 'VIEWER');
  return { org, user: member.user, member: member.viewer, admin: admin.viewer, viewer: viewerRole.viewer };
}

const details = (over: Record<string, unknown> = {}) => ({
  name: `Spring ${Math.random().toString(36).slice(2, 10)}`,
  brandName: 'Lumen',
  businessGoal: 'PRODUCT_LAUNCH',
  description: 'Launch of the new serum',
  startDate: '2027-03-01',
  endDate: '2027-04-30',
  timeZone: 'Europe/Berlin',
  budgetTotal: '10000.00',
  budgetSocial: '7500.50',
  currency: 'EUR',
  contacts: [{ name: 'Ana', email: 'ana@example.com', role: 'PRIMARY' }],
  ...over,
});
const objectives = (over: Record<string, unknown> = {}) => ({
  primaryKpi: 'AD_RECALL',
  secondaryKpis: ['BRAND_AWARENESS', 'CONSIDERATION'],
  platforms: ['INSTAGRAM', 'TIKTOK'],
  keyMessage: 'Glow every day',
  callToAction: 'Shop now',
  ...over,
});
const audience = (over: Record<string, unknown> = {}) => ({
  ageBuckets: [
    { bucket: 'AGE_18_24', percentage: 40 },
    { bucket: 'AGE_25_34', percentage: 60 },
  ],
  locations: [{ countryCode: 'DE', region: 'Berlin', city: 'Berlin' }],
  genders: ['FEMALE'],
  languages: ['de', 'en'],
  interests: ['skincare'],
  ...over,
});
const asset = (campaignId: string, over: Record<string, unknown> = {}) => ({
  campaignId,
  name: 'Hero image',
  type: 'IMAGE',
  url: 'https://cdn.example.com/hero.png',
  mimeType: 'image/png',
  sizeBytes: '204800',
  width: 1080,
  height: 1350,
  ...over,
});

async function created(w: Awaited<ReturnType<typeof world>>, over: Record<string, unknown> = {}) {
  const r = await mutate(w.member, 'createCampaign', details(over));
  expect(r.__typename).toBe('CreateCampaignSuccess');
  return r.campaign!;
}

const row = (id: string) => db().campaignWizard.findUniqueOrThrow({ where: { id }, include: { secondaryKpis: true, ageBuckets: true } });
const auditRows = (targetId: string) => db().auditLog.findMany({ where: { targetId }, orderBy: { createdAt: 'asc' } });
const paths = (r: Result) => (r.issues ?? []).map((i) => i.path.join('.'));

describe('createCampaign and the wizard steps', () => {
  it('creates a DRAFT with step 1 complete, audited with the actor', async () => {
    const w = await world();
    const c = await created(w);
    expect(c).toMatchObject({ status: 'DRAFT', version: 1, currentStep: 'OBJECTIVES', completedSteps: ['DETAILS'] });
    expect(c).toMatchObject({ budgetTotal: '10000', budgetSocial: '7500.5', timeZone: 'Europe/Berlin' });
    const [entry, ...rest] = await auditRows(decode(c.id));
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({ action: 'CREATE', targetType: 'CAMPAIGN', actorId: w.user.id, organizationId: w.org.id });
  });

  it('refuses a duplicate name in the same organization with a ConflictError, not in another', async () => {
    const w = await world();
    const c = await created(w, { name: 'Unique name' });
    expect((await mutate(w.member, 'createCampaign', details({ name: 'Unique name' }))).__typename).toBe('ConflictError');
    const other = await world();
    expect((await mutate(other.member, 'createCampaign', details({ name: 'Unique name' }))).__typename).toBe('CreateCampaignSuccess');
    // Renaming another campaign onto the name conflicts too.
    const second = await created(w);
    const r = await mutate(w.member, 'saveCampaignDetails', { ...details({ name: 'Unique name' }), campaignId: second.id, expectedVersion: 1 });
    expect(r.__typename).toBe('ConflictError');
    expect((await row(decode(c.id))).name).toBe('Unique name');
  });

  it.each([
    ['timeZone', { timeZone: 'Mars/Olympus_Mons' }, 'input.timeZone'],
    ['end before start', { startDate: '2027-05-01', endDate: '2027-04-30' }, 'input.endDate'],
    ['social over total', { budgetTotal: '100.00', budgetSocial: '100.01' }, 'input.budgetSocial'],
    ['money scale', { budgetTotal: '10.123' }, 'input.budgetTotal'],
    ['negative money', { budgetTotal: '-5' }, 'input.budgetTotal'],
    ['blank name', { name: '   ' }, 'input.name'],
    ['contact email', { contacts: [{ name: 'X', email: 'nope' }] }, 'input.contacts.0.email'],
  ])('details: %s is a ValidationError on its field and writes nothing', async (_rule, over, path) => {
    const w = await world();
    const name = `Invalid ${Math.random()}`;
    const r = await mutate(w.member, 'createCampaign', details({ name, ...over }));
    expect(r.__typename).toBe('ValidationError');
    expect(paths(r)).toContain(path);
    expect(await db().campaignWizard.count({ where: { organizationId: w.org.id } })).toBe(0);
    // The same rule on a save of an existing campaign: nothing changes, the version stays.
    const c = await created(w);
    const s = await mutate(w.member, 'saveCampaignDetails', { ...details({ name: 'Other', ...over }), campaignId: c.id, expectedVersion: 1 });
    expect(paths(s)).toContain(path);
    expect(await row(decode(c.id))).toMatchObject({ version: 1, name: c.name });
  });

  it.each([
    ['primary among secondary', { secondaryKpis: ['AD_RECALL'] }, 'input.secondaryKpis'],
    ['repeated secondary', { secondaryKpis: ['CONSIDERATION', 'CONSIDERATION'] }, 'input.secondaryKpis'],
    ['no platform', { platforms: [] }, 'input.platforms'],
    ['repeated platform', { platforms: ['YOUTUBE', 'YOUTUBE'] }, 'input.platforms'],
    ['blank key message', { keyMessage: '' }, 'input.keyMessage'],
  ])('objectives: %s is a ValidationError and writes nothing', async (_rule, over, path) => {
    const w = await world();
    const c = await created(w);
    const r = await mutate(w.member, 'saveCampaignObjectives', { ...objectives(over), campaignId: c.id, expectedVersion: 1 });
    expect(r.__typename).toBe('ValidationError');
    expect(paths(r)).toContain(path);
    expect(await row(decode(c.id))).toMatchObject({ version: 1, primaryKpi: null, secondaryKpis: [] });
  });

  it.each([
    ['repeated bucket', { ageBuckets: [{ bucket: 'AGE_18_24', percentage: 50 }, { bucket: 'AGE_18_24', percentage: 50 }] }, 'input.ageBuckets'],
    ['percentage over 100', { ageBuckets: [{ bucket: 'AGE_18_24', percentage: 101 }] }, 'input.ageBuckets.0.percentage'],
    ['negative percentage', { ageBuckets: [{ bucket: 'AGE_18_24', percentage: -1 }] }, 'input.ageBuckets.0.percentage'],
    ['lower-case country', { locations: [{ countryCode: 'de' }] }, 'input.locations.0.countryCode'],
    ['three-letter country', { locations: [{ countryCode: 'DEU' }] }, 'input.locations.0.countryCode'],
    ['upper-case language', { languages: ['EN'] }, 'input.languages.0'],
    ['repeated gender', { genders: ['MALE', 'MALE'] }, 'input.genders'],
  ])('audience: %s is a ValidationError and writes nothing', async (_rule, over, path) => {
    const w = await world();
    const c = await created(w);
    const r = await mutate(w.member, 'saveCampaignAudience', { ...audience(over), campaignId: c.id, expectedVersion: 1 });
    expect(r.__typename).toBe('ValidationError');
    expect(paths(r)).toContain(path);
    expect(await row(decode(c.id))).toMatchObject({ version: 1, ageBuckets: [], languages: [] });
  });

  it('each save completes its step, advances the wizard, bumps the version and edits child rows in place', async () => {
    const w = await world();
    const c = await created(w);
    const o = await mutate(w.member, 'saveCampaignObjectives', { ...objectives(), campaignId: c.id, expectedVersion: 1 });
    expect(o.campaign).toMatchObject({ version: 2, currentStep: 'AUDIENCE', completedSteps: ['DETAILS', 'OBJECTIVES'] });
    expect(o.campaign).toMatchObject({ primaryKpi: 'AD_RECALL', secondaryKpis: ['BRAND_AWARENESS', 'CONSIDERATION'] });
    const a = await mutate(w.member, 'saveCampaignAudience', { ...audience(), campaignId: c.id, expectedVersion: 2 });
    expect(a.campaign).toMatchObject({ version: 3, currentStep: 'ASSETS', languages: ['de', 'en'] });
    const kept = (await row(decode(c.id))).ageBuckets.find((b) => b.bucket === 'AGE_18_24')!;
    const again = await mutate(w.member, 'saveCampaignAudience', {
      ...audience({ ageBuckets: [{ bucket: 'AGE_18_24', percentage: 30 }, { bucket: 'AGE_35_44', percentage: 70 }] }),
      campaignId: c.id,
      expectedVersion: 3,
    });
    expect(again.campaign).toMatchObject({ version: 4, currentStep: 'ASSETS' });
    const buckets = (await row(decode(c.id))).ageBuckets;
    expect(buckets.map((b) => [b.bucket, b.percentage]).sort()).toEqual([['AGE_18_24', 30], ['AGE_35_44', 70]]);
    expect(buckets.find((b) => b.bucket === 'AGE_18_24')!.id).toBe(kept.id);
    // Going back to step 1 does not move the wizard backwards.
    const d = await mutate(w.member, 'saveCampaignDetails', { ...details({ name: c.name }), campaignId: c.id, expectedVersion: 4 });
    expect(d.campaign).toMatchObject({ version: 5, currentStep: 'ASSETS', completedSteps: ['DETAILS', 'OBJECTIVES', 'AUDIENCE'] });
  });

  it('audits every save with only the changed fields, before and after', async () => {
    const w = await world();
    const c = await created(w);
    await mutate(w.member, 'saveCampaignObjectives', { ...objectives(), campaignId: c.id, expectedVersion: 1 });
    const entries = await auditRows(decode(c.id));
    expect(entries.map((e) => e.action)).toEqual(['CREATE', 'UPDATE']);
    expect(entries[1]).toMatchObject({
      actorId: w.user.id,
      before: { primaryKpi: null, secondaryKpis: [], platforms: [], version: 1, currentStep: 'OBJECTIVES', completedSteps: ['DETAILS'] },
      after: {
        primaryKpi: 'AD_RECALL',
        secondaryKpis: ['BRAND_AWARENESS', 'CONSIDERATION'],
        platforms: ['INSTAGRAM', 'TIKTOK'],
        version: 2,
        currentStep: 'AUDIENCE',
        completedSteps: ['DETAILS', 'OBJECTIVES'],
      },
    });
    expect(Object.keys(entries[1]!.before as object)).not.toContain('name');
  });

  it('only DRAFT campaigns are editable: a typed NotEditableError with the status', async () => {
    const w = await world();
    const c = await createCampaignWith(w.org.id, w.user.id, { status: 'SUBMITTED' });
    const r = await mutate(w.member, 'saveCampaignObjectives', { ...objectives(), campaignId: gid('CampaignWizard', c.id), expectedVersion: 1 });
    expect(r).toMatchObject({ __typename: 'NotEditableError', currentStatus: 'SUBMITTED', code: 'NOT_EDITABLE' });
    const add = await mutate(w.member, 'createCreativeAsset', asset(gid('CampaignWizard', c.id)));
    expect(add.__typename).toBe('NotEditableError');
    expect(await db().creativeAsset.count({ where: { campaignId: c.id } })).toBe(0);
  });

  it('rejects a global id of another type on its field', async () => {
    const w = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    const r = await mutate(w.member, 'saveCampaignAssets', { campaignId: gid('CreativeAsset', c.id), expectedVersion: 1 });
    expect(r.__typename).toBe('ValidationError');
    expect(paths(r)).toEqual(['input.campaignId']);
    const junk = await mutate(w.member, 'saveCampaignAssets', { campaignId: 'not-a-global-id', expectedVersion: 1 });
    expect(paths(junk)).toEqual(['input.campaignId']);
  });
});

describe('optimistic concurrency', () => {
  it('two saves with the same expectedVersion: the second is a stale ConflictError, the first one kept', async () => {
    const w = await world();
    const c = await created(w);
    const first = await mutate(w.member, 'saveCampaignObjectives', { ...objectives({ keyMessage: 'first' }), campaignId: c.id, expectedVersion: 1 });
    expect(first.__typename).toBe('SaveCampaignObjectivesSuccess');
    const second = await mutate(w.admin, 'saveCampaignObjectives', { ...objectives({ keyMessage: 'second' }), campaignId: c.id, expectedVersion: 1 });
    expect(second).toMatchObject({ __typename: 'ConflictError' });
    expect(second.message).toMatch(/stale version/i);
    expect(await row(decode(c.id))).toMatchObject({ keyMessage: 'first', version: 2 });
  });

  it('concurrent saves of one version: exactly one wins', async () => {
    const w = await world();
    const c = await created(w);
    const results = await Promise.all(
      ['a', 'b', 'c'].map((k) => mutate(w.member, 'saveCampaignObjectives', { ...objectives({ keyMessage: k }), campaignId: c.id, expectedVersion: 1 })),
    );
    expect(results.map((r) => r.__typename).sort()).toEqual(['ConflictError', 'ConflictError', 'SaveCampaignObjectivesSuccess']);
    const winner = results.find((r) => r.campaign)!.campaign!;
    expect(await row(decode(c.id))).toMatchObject({ version: 2, id: decode(winner.id) });
    expect((await auditRows(decode(c.id))).filter((e) => e.action === 'UPDATE')).toHaveLength(1);
  });
});

const decode = (globalId: string) => decodeGlobalID(globalId).id;

async function readyDraft(w: Awaited<ReturnType<typeof world>>) {
  const c = await created(w);
  await mutate(w.member, 'saveCampaignObjectives', { ...objectives(), campaignId: c.id, expectedVersion: 1 });
  await mutate(w.member, 'saveCampaignAudience', { ...audience(), campaignId: c.id, expectedVersion: 2 });
  const creator = await createMarketplaceInfluencer();
  const ci = await mutate(w.member, 'addCampaignInfluencer', {
    campaignId: c.id,
    marketplaceInfluencerId: gid('MarketplaceInfluencer', creator.id),
    agreedFee: '1500.00',
    feeCurrency: 'EUR',
  });
  expect(ci.__typename).toBe('AddCampaignInfluencerSuccess');
  expect((await mutate(w.member, 'createCreativeAsset', asset(c.id))).__typename).toBe('CreateCreativeAssetSuccess');
  const s = await mutate(w.member, 'saveCampaignAssets', { campaignId: c.id, expectedVersion: 3 });
  expect(s.campaign).toMatchObject({ version: 4, currentStep: 'REVIEW' });
  return c;
}

describe('submitCampaign', () => {
  it('lists every missing piece with its path and changes nothing', async () => {
    const w = await world();
    const c = await createCampaignWith(w.org.id, w.user.id, { startDate: new Date('2027-05-02'), endDate: new Date('2027-05-03') });
    await db().campaignAudienceAge.create({ data: { organizationId: w.org.id, campaignId: c.id, bucket: 'AGE_18_24', percentage: 90 } });
    const r = await mutate(w.member, 'submitCampaign', { campaignId: gid('CampaignWizard', c.id), expectedVersion: 1 });
    expect(r.__typename).toBe('ValidationError');
    expect(paths(r).sort()).toEqual(
      [
        'campaign.completedSteps.DETAILS',
        'campaign.completedSteps.OBJECTIVES',
        'campaign.completedSteps.AUDIENCE',
        'campaign.completedSteps.ASSETS',
        'campaign.ageBuckets',
        'campaign.influencers',
        'campaign.assets',
      ].sort(),
    );
    expect(r.issues!.find((i) => i.path.join('.') === 'campaign.ageBuckets')!.message).toMatch(/sum to 90/);
    expect(await row(c.id)).toMatchObject({ status: 'DRAFT', version: 1 });
  });

  it('an inactive asset does not count', async () => {
    const w = await world();
    const c = await readyDraft(w);
    await db().creativeAsset.updateMany({ where: { campaignId: decode(c.id) }, data: { isActive: false } });
    const r = await mutate(w.member, 'submitCampaign', { campaignId: c.id, expectedVersion: 4 });
    expect(paths(r)).toEqual(['campaign.assets']);
  });

  it('submits a complete campaign: SUBMITTED, REVIEW completed, audited as STATUS_CHANGE', async () => {
    const w = await world();
    const c = await readyDraft(w);
    const r = await mutate(w.member, 'submitCampaign', { campaignId: c.id, expectedVersion: 4 });
    expect(r.campaign).toMatchObject({ status: 'SUBMITTED', version: 5, currentStep: 'REVIEW' });
    expect(r.campaign!.completedSteps).toEqual(['DETAILS', 'OBJECTIVES', 'AUDIENCE', 'ASSETS', 'REVIEW']);
    const entry = (await auditRows(decode(c.id))).find((e) => e.action === 'STATUS_CHANGE')!;
    expect(entry).toMatchObject({ actorId: w.user.id, before: { status: 'DRAFT' }, after: { status: 'SUBMITTED' } });
    expect((await row(decode(c.id))).submittedAt).toBeInstanceOf(Date);
  });
});

const STATUSES: CampaignStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'CANCELLED'];
const FIELDS: Record<Exclude<CampaignTransition, 'SUBMIT'>, string> = {
  APPROVE: 'approveCampaign',
  ACTIVATE: 'activateCampaign',
  PAUSE: 'pauseCampaign',
  RESUME: 'resumeCampaign',
  COMPLETE: 'completeCampaign',
  CANCEL: 'cancelCampaign',
};
const rank: Record<MembershipRole, number> = { VIEWER: 1, MEMBER: 2, ADMIN: 3, OWNER: 4 };
const table = (Object.keys(FIELDS) as (keyof typeof FIELDS)[]).flatMap((transition) =>
  STATUSES.flatMap((from) => (['MEMBER', 'ADMIN'] as const).map((role) => [transition, from, role] as const)),
);

describe('status transitions, per role (table from campaign.status.ts)', () => {
  it.each(table)('%s from %s as %s', async (transition, from, role) => {
    const w = await world();
    const c = await createCampaignWith(w.org.id, w.user.id, { status: from });
    const actor = role === 'ADMIN' ? w.admin : w.member;
    const rule = TRANSITIONS[transition];
    const r = await mutate(actor, FIELDS[transition], { campaignId: gid('CampaignWizard', c.id), expectedVersion: 1 });
    if (rank[role] < rank[rule.role]) {
      expect(r.__typename).toBe('ForbiddenError');
      expect((await row(c.id)).status).toBe(from);
    } else if (!rule.from.includes(from)) {
      expect(r).toMatchObject({ __typename: 'InvalidTransitionError', currentStatus: from, transition, code: 'INVALID_TRANSITION' });
      expect(await row(c.id)).toMatchObject({ status: from, version: 1 });
    } else {
      expect(r.campaign).toMatchObject({ status: rule.to, version: 2 });
      const [entry] = await auditRows(c.id);
      expect(entry).toMatchObject({ action: 'STATUS_CHANGE', actorId: actor.userId, before: { status: from }, after: { status: rule.to } });
    }
  });

  it('submit is refused from every status but DRAFT', async () => {
    const w = await world();
    for (const from of STATUSES.filter((s) => s !== 'DRAFT')) {
      const c = await createCampaignWith(w.org.id, w.user.id, { status: from });
      const r = await mutate(w.member, 'submitCampaign', { campaignId: gid('CampaignWizard', c.id), expectedVersion: 1 });
      expect(r).toMatchObject({ __typename: 'InvalidTransitionError', currentStatus: from });
    }
  });

  it('a transition with a stale version is a ConflictError', async () => {
    const w = await world();
    const c = await createCampaignWith(w.org.id, w.user.id, { status: 'ACTIVE', version: 3 });
    const r = await mutate(w.member, 'pauseCampaign', { campaignId: gid('CampaignWizard', c.id), expectedVersion: 2 });
    expect(r.__typename).toBe('ConflictError');
    expect(await row(c.id)).toMatchObject({ status: 'ACTIVE', version: 3 });
  });

  it('a VIEWER gets an authorization error for every transition and nothing changes', async () => {
    const w = await world();
    const c = await createCampaignWith(w.org.id, w.user.id, { status: 'ACTIVE' });
    for (const name of [...Object.values(FIELDS), 'submitCampaign']) {
      const { errors } = await call(w.viewer, name, { campaignId: gid('CampaignWizard', c.id), expectedVersion: 1 });
      expect(errors?.length).toBeGreaterThan(0);
    }
    expect(await row(c.id)).toMatchObject({ status: 'ACTIVE', version: 1 });
  });
});

describe('campaign influencers', () => {
  it('adds a creator once (a repeat is a ConflictError), edits in place, removes one row detaching its assets', async () => {
    const w = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    const [a, b] = [await createMarketplaceInfluencer(), await createMarketplaceInfluencer()];
    const input = (creator: { id: string }) => ({ campaignId: gid('CampaignWizard', c.id), marketplaceInfluencerId: gid('MarketplaceInfluencer', creator.id) });
    const first = await mutate(w.member, 'addCampaignInfluencer', input(a));
    expect(first.campaignInfluencer).toMatchObject({ status: 'INVITED', agreedFee: null });
    expect((await mutate(w.member, 'addCampaignInfluencer', input(a))).__typename).toBe('ConflictError');
    const other = await mutate(w.member, 'addCampaignInfluencer', input(b));
    const otherId = decode(other.campaignInfluencer!.id);

    const fee = await mutate(w.member, 'updateCampaignInfluencer', { campaignInfluencerId: first.campaignInfluencer!.id, agreedFee: '10.5' });
    expect(paths(fee)).toEqual(['input.feeCurrency']);
    const updated = await mutate(w.member, 'updateCampaignInfluencer', {
      campaignInfluencerId: first.campaignInfluencer!.id,
      status: 'CONTRACTED',
      agreedFee: '2500.00',
      feeCurrency: 'USD',
    });
    expect(updated.campaignInfluencer).toMatchObject({ id: first.campaignInfluencer!.id, status: 'CONTRACTED', agreedFee: '2500' });
    const untouched = await db().campaignInfluencer.findUniqueOrThrow({ where: { id: otherId } });
    expect(untouched.updatedAt).toEqual(untouched.createdAt);

    const firstId = decode(first.campaignInfluencer!.id);
    const delivered = await createCreativeAsset(c, w.user.id, { campaignInfluencerId: firstId });
    const removed = await mutate(w.member, 'removeCampaignInfluencer', { campaignInfluencerId: first.campaignInfluencer!.id });
    expect(removed.__typename).toBe('RemoveCampaignInfluencerSuccess');
    expect(await db().campaignInfluencer.findMany({ where: { campaignId: c.id }, select: { id: true } })).toEqual([{ id: otherId }]);
    expect(await db().creativeAsset.findUniqueOrThrow({ where: { id: delivered.id } })).toMatchObject({ campaignInfluencerId: null });
    const actions = (await db().auditLog.findMany({ where: { targetId: firstId }, orderBy: { createdAt: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['CREATE', 'UPDATE', 'DELETE']);
  });

  it('an unknown creator is NotFound; a campaign id where a creator id belongs is a ValidationError', async () => {
    const w = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    const campaignId = gid('CampaignWizard', c.id);
    const missing = await mutate(w.member, 'addCampaignInfluencer', {
      campaignId,
      marketplaceInfluencerId: gid('MarketplaceInfluencer', '00000000-0000-4000-8000-000000000000'),
    });
    expect(missing.__typename).toBe('NotFoundError');
    const wrong = await mutate(w.member, 'addCampaignInfluencer', { campaignId, marketplaceInfluencerId: campaignId });
    expect(paths(wrong)).toEqual(['input.marketplaceInfluencerId']);
  });
});

describe('creative assets', () => {
  it.each([
    ['http url', { url: 'http://cdn.example.com/a.png' }, 'input.url'],
    ['MIME type of another family', { mimeType: 'video/mp4' }, 'input.mimeType'],
    ['video without duration', { type: 'VIDEO', mimeType: 'video/mp4' }, 'input.durationSeconds'],
    ['image with duration', { durationSeconds: '3.5' }, 'input.durationSeconds'],
    ['size not a number', { sizeBytes: 'big' }, 'input.sizeBytes'],
  ])('create: %s is a ValidationError and writes nothing', async (_rule, over, path) => {
    const w = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    const r = await mutate(w.member, 'createCreativeAsset', asset(gid('CampaignWizard', c.id), over));
    expect(paths(r)).toContain(path);
    expect(await db().creativeAsset.count({ where: { campaignId: c.id } })).toBe(0);
  });

  it('update keeps the merged asset consistent; set active; assign to a creator of the same campaign only', async () => {
    const w = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    const a = await createCreativeAsset(c, w.user.id);
    const id = gid('CreativeAsset', a.id);
    expect(paths(await mutate(w.member, 'updateCreativeAsset', { creativeAssetId: id, type: 'VIDEO' }))).toContain('input.mimeType');
    const video = await mutate(w.member, 'updateCreativeAsset', { creativeAssetId: id, type: 'VIDEO', mimeType: 'video/mp4', durationSeconds: '15.000' });
    expect(video.__typename).toBe('UpdateCreativeAssetSuccess');
    expect((await mutate(w.member, 'setCreativeAssetActive', { creativeAssetId: id, isActive: false })).creativeAsset).toMatchObject({ isActive: false });

    const creator = await createMarketplaceInfluencer();
    const elsewhere = await createCampaignInfluencer(await createCampaign(w.org.id, w.user.id), creator.id, w.user.id);
    const bad = await mutate(w.member, 'assignCreativeAsset', { creativeAssetId: id, campaignInfluencerId: gid('CampaignInfluencer', elsewhere.id) });
    expect(paths(bad)).toEqual(['input.campaignInfluencerId']);
    const mine = await createCampaignInfluencer(c, creator.id, w.user.id);
    const ok = await mutate(w.member, 'assignCreativeAsset', { creativeAssetId: id, campaignInfluencerId: gid('CampaignInfluencer', mine.id) });
    expect(ok.__typename).toBe('AssignCreativeAssetSuccess');
    expect(await db().creativeAsset.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ campaignInfluencerId: mine.id, type: 'VIDEO' });
  });

  it('concurrent edits of one asset run one after the other: each audit "before" is what the previous edit wrote', async () => {
    const w = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    const a = await createCreativeAsset(c, w.user.id);
    const names = ['Cut A', 'Cut B', 'Cut C', 'Cut D'];
    await Promise.all(names.map((name) => mutate(w.member, 'updateCreativeAsset', { creativeAssetId: gid('CreativeAsset', a.id), name })));
    const entries = await db().auditLog.findMany({ where: { targetId: a.id, action: 'UPDATE' }, select: { before: true, after: true } });
    expect(entries).toHaveLength(names.length);
    // A chain, whatever order they ran in: one edit starts from the created name, each other one from
    // another edit's result, and no two from the same value (two reads of one state would be).
    const befores = entries.map((e) => (e.before as { name: string }).name);
    const afters = entries.map((e) => (e.after as { name: string }).name);
    expect(new Set(afters)).toEqual(new Set(names));
    expect(new Set(befores).size).toBe(names.length);
    expect(befores).toContain(a.name);
    for (const before of befores) expect([a.name, ...afters]).toContain(before);
  });

  it('one primary brand-lift asset per campaign: setting another clears the previous in the same transaction', async () => {
    const w = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    const [a, b, d] = [await createCreativeAsset(c, w.user.id), await createCreativeAsset(c, w.user.id), await createCreativeAsset(c, w.user.id)];
    expect((await mutate(w.member, 'setPrimaryBrandLiftAsset', { creativeAssetId: gid('CreativeAsset', a.id) })).creativeAsset).toMatchObject({
      isPrimaryForBrandLift: true,
    });
    await mutate(w.member, 'setPrimaryBrandLiftAsset', { creativeAssetId: gid('CreativeAsset', b.id) });
    const primaries = () => db().creativeAsset.findMany({ where: { campaignId: c.id, isPrimaryForBrandLift: true }, select: { id: true } });
    expect(await primaries()).toEqual([{ id: b.id }]);
    // Racing requests serialize on the campaign row: still exactly one primary.
    await Promise.all([a, d].map((x) => mutate(w.member, 'setPrimaryBrandLiftAsset', { creativeAssetId: gid('CreativeAsset', x.id) })));
    expect(await primaries()).toHaveLength(1);
    // The partial unique index is the database's last line.
    await expect(db().creativeAsset.updateMany({ where: { campaignId: c.id }, data: { isPrimaryForBrandLift: true } })).rejects.toThrow();
    // An inactive asset cannot be primary; deactivating the primary clears the flag.
    const [primary] = await primaries();
    await mutate(w.member, 'setCreativeAssetActive', { creativeAssetId: gid('CreativeAsset', primary!.id), isActive: false });
    expect(await primaries()).toHaveLength(0);
    const refused = await mutate(w.member, 'setPrimaryBrandLiftAsset', { creativeAssetId: gid('CreativeAsset', primary!.id) });
    expect(paths(refused)).toEqual(['input.creativeAssetId']);
  });
});

describe('duplicateCampaign', () => {
  it('copies the wizard data as a new DRAFT named "(copy)", without influencers and assets', async () => {
    const w = await world();
    const source = await readyDraft(w);
    const sourceId = decode(source.id);
    await mutate(w.member, 'submitCampaign', { campaignId: source.id, expectedVersion: 4 });
    const copy = (await mutate(w.member, 'duplicateCampaign', { campaignId: source.id })).campaign!;
    expect(copy).toMatchObject({ name: `${source.name} (copy)`, status: 'DRAFT', version: 1, primaryKpi: 'AD_RECALL', currentStep: 'ASSETS' });
    expect(copy.completedSteps).toEqual(['DETAILS', 'OBJECTIVES', 'AUDIENCE']);
    expect(copy.ageBuckets).toEqual([{ bucket: 'AGE_18_24', percentage: 40 }, { bucket: 'AGE_25_34', percentage: 60 }]);
    const copyId = decode(copy.id);
    expect(await db().campaignContact.count({ where: { campaignId: copyId } })).toBe(1);
    expect(await db().campaignLocation.count({ where: { campaignId: copyId } })).toBe(1);
    expect(await db().campaignInfluencer.count({ where: { campaignId: copyId } })).toBe(0);
    expect(await db().creativeAsset.count({ where: { campaignId: copyId } })).toBe(0);
    const again = (await mutate(w.member, 'duplicateCampaign', { campaignId: source.id })).campaign!;
    expect(again.name).toBe(`${source.name} (copy 2)`);
    expect(await row(sourceId)).toMatchObject({ status: 'SUBMITTED', version: 5 });
  });
});

describe('access', () => {
  it('another organization’s user gets NotFound for every kind of write and nothing changes', async () => {
    const w = await world();
    const other = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    const creator = await createMarketplaceInfluencer();
    const ci = await createCampaignInfluencer(c, creator.id, w.user.id);
    const a = await createCreativeAsset(c, w.user.id);
    const campaignId = gid('CampaignWizard', c.id);
    const attempts: [string, Record<string, unknown>][] = [
      ['saveCampaignDetails', { ...details(), campaignId, expectedVersion: 1 }],
      ['saveCampaignObjectives', { ...objectives(), campaignId, expectedVersion: 1 }],
      ['saveCampaignAudience', { ...audience(), campaignId, expectedVersion: 1 }],
      ['saveCampaignAssets', { campaignId, expectedVersion: 1 }],
      ['submitCampaign', { campaignId, expectedVersion: 1 }],
      ['cancelCampaign', { campaignId, expectedVersion: 1 }],
      ['duplicateCampaign', { campaignId }],
      ['addCampaignInfluencer', { campaignId, marketplaceInfluencerId: gid('MarketplaceInfluencer', creator.id) }],
      ['updateCampaignInfluencer', { campaignInfluencerId: gid('CampaignInfluencer', ci.id), status: 'DECLINED' }],
      ['removeCampaignInfluencer', { campaignInfluencerId: gid('CampaignInfluencer', ci.id) }],
      ['createCreativeAsset', asset(campaignId)],
      ['updateCreativeAsset', { creativeAssetId: gid('CreativeAsset', a.id), name: 'x' }],
      ['setCreativeAssetActive', { creativeAssetId: gid('CreativeAsset', a.id), isActive: false }],
      ['setPrimaryBrandLiftAsset', { creativeAssetId: gid('CreativeAsset', a.id) }],
    ];
    for (const [name, input] of attempts) {
      const r = await mutate(other.admin, name, input);
      expect([name, r.__typename]).toEqual([name, 'NotFoundError']);
    }
    expect(await row(c.id)).toMatchObject({ version: 1, status: 'DRAFT', name: c.name });
    expect(await db().campaignInfluencer.findUniqueOrThrow({ where: { id: ci.id } })).toMatchObject({ status: 'INVITED' });
    expect(await db().creativeAsset.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ isActive: true, isPrimaryForBrandLift: false });
    expect(await db().campaignWizard.count({ where: { organizationId: other.org.id } })).toBe(0);
    expect(await db().auditLog.count({ where: { organizationId: { in: [w.org.id, other.org.id] } } })).toBe(0);
  });

  it('a VIEWER and a removed member (no organization) cannot write', async () => {
    const w = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    const removed: Viewer = { userId: w.user.id, organizationId: null, role: null };
    for (const actor of [w.viewer, removed]) {
      const create = await call(actor, 'createCampaign', details());
      expect(create.errors?.length).toBeGreaterThan(0);
      const save = await call(actor, 'saveCampaignObjectives', { ...objectives(), campaignId: gid('CampaignWizard', c.id), expectedVersion: 1 });
      expect(save.errors?.length).toBeGreaterThan(0);
    }
    expect(await db().campaignWizard.count({ where: { organizationId: w.org.id } })).toBe(1);
    expect(await row(c.id)).toMatchObject({ version: 1, primaryKpi: null });
  });
});

describe('service layer (shared by GraphQL, jobs and imports)', () => {
  it('checks the role itself: a VIEWER calling the service directly gets a ForbiddenError', async () => {
    const w = await world();
    await expect(createCampaignCommand(w.viewer, details())).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db().campaignWizard.count({ where: { organizationId: w.org.id } })).toBe(0);
  });

  it('maps the database unique indexes (name per organization, one primary asset) to ConflictError', async () => {
    const w = await world();
    const c = await createCampaign(w.org.id, w.user.id);
    await createCreativeAsset(c, w.user.id, { isPrimaryForBrandLift: true });
    await expect(mapUniqueViolation('one primary', () => createCreativeAsset(c, w.user.id, { isPrimaryForBrandLift: true }))).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(mapUniqueViolation('name taken', () => createCampaign(w.org.id, w.user.id, { name: c.name }))).rejects.toBeInstanceOf(ConflictError);
  });

  it('a payload selecting only __typename still resolves', async () => {
    const w = await world();
    const r = await new TestClient(w.member).request<{ createCampaign: { __typename: string } }>(
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename } }',
      { input: details() },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.createCampaign.__typename).toBe('CreateCampaignSuccess');
  });
});

describe('under row-level security (the app_runtime role, as in production)', () => {
  it('a whole draft-to-submit flow works with every transaction setting its tenant', async () => {
    const w = await world();
    const handle = createDb(process.env.TEST_DATABASE_URL!, { role: 'app_runtime' });
    const previous = setDb(handle);
    try {
      const c = await readyDraft(w);
      // The test's own reads see nothing without a tenant either.
      expect(await db().creativeAsset.count({ where: { campaignId: decode(c.id) } })).toBe(0);
      const assetId = (await runAsTenant(w.org.id, () => db().creativeAsset.findFirstOrThrow({ where: { campaignId: decode(c.id) } }))).id;
      expect((await mutate(w.member, 'setPrimaryBrandLiftAsset', { creativeAssetId: gid('CreativeAsset', assetId) })).__typename).toBe(
        'SetPrimaryBrandLiftAssetSuccess',
      );
      const r = await mutate(w.member, 'submitCampaign', { campaignId: c.id, expectedVersion: 4 });
      expect(r.campaign).toMatchObject({ status: 'SUBMITTED', version: 5 });
      expect((await mutate(w.member, 'duplicateCampaign', { campaignId: c.id })).__typename).toBe('DuplicateCampaignSuccess');
    } finally {
      setDb(previous!);
      await handle.close();
    }
    expect(await db().auditLog.count({ where: { organizationId: w.org.id } })).toBeGreaterThanOrEqual(8);
  });
});
