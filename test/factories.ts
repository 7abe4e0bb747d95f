import { randomBytes } from 'node:crypto';
import type { MembershipRole, Platform, Prisma } from '../src/generated/prisma/client.ts';
import type { Viewer } from '../src/lib/auth/viewer';
import { db } from '../src/lib/db/client';

// Factories give every test its own rows with unique natural keys, so tests never depend on
// each other, on seeded data, or on order.
const unique = () => randomBytes(5).toString('hex');

export async function createOrganization(overrides: { name?: string } = {}) {
  const key = unique();
  return db().organization.create({
    data: { clerkOrgId: `org_test_${key}`, name: overrides.name ?? `Org ${key}`, slug: `org-${key}` },
  });
}

export async function createUser(overrides: { email?: string; name?: string } = {}) {
  const key = unique();
  return db().user.create({
    data: {
      clerkUserId: `user_test_${key}`,
      email: overrides.email ?? `user-${key}@example.com`,
      name: overrides.name ?? `User ${key}`,
    },
  });
}

/** A user with an ACTIVE membership of the given role, and the Viewer that acts as them. */
export async function createMember(organizationId: string, role: MembershipRole = 'MEMBER') {
  const user = await createUser();
  await db().userOrganization.create({ data: { userId: user.id, organizationId, role } });
  const viewer: Viewer = { userId: user.id, organizationId, role };
  return { user, viewer };
}

export async function createMarketplaceInfluencer(
  overrides: Partial<{
    platform: Platform;
    username: string;
    followers: number;
    displayName: string;
    bio: string;
    engagementRate: string;
    isVerified: boolean;
    country: string;
    categories: string[];
    audienceQualityScore: string | null;
  }> = {},
) {
  const key = unique();
  return db().marketplaceInfluencer.create({
    data: {
      ...overrides,
      platform: overrides.platform ?? 'INSTAGRAM',
      username: overrides.username ?? `creator_${key}`,
      displayName: overrides.displayName ?? `Creator ${key}`,
      followers: overrides.followers ?? 10_000,
      engagementRate: overrides.engagementRate ?? '0.034500',
      categories: overrides.categories ?? ['fitness'],
    },
  });
}

/** A DRAFT campaign of the organization, created by `createdById`. */
export async function createCampaign(
  organizationId: string,
  createdById: string,
  overrides: Partial<{ name: string; startDate: Date; endDate: Date; budgetTotal: string; budgetSocial: string }> = {},
) {
  return db().campaignWizard.create({
    data: { organizationId, createdById, name: overrides.name ?? `Campaign ${unique()}`, ...overrides },
  });
}

/** An image asset of the campaign; pass `isPrimaryForBrandLift` to make it the brand-lift asset. */
export async function createCreativeAsset(
  campaign: { id: string; organizationId: string },
  createdById: string,
  overrides: Partial<{ name: string; isPrimaryForBrandLift: boolean; isActive: boolean; campaignInfluencerId: string }> = {},
) {
  const key = unique();
  return db().creativeAsset.create({
    data: {
      organizationId: campaign.organizationId,
      campaignId: campaign.id,
      createdById,
      name: overrides.name ?? `Asset ${key}`,
      type: 'IMAGE',
      url: `https://assets.example.com/${key}.png`,
      mimeType: 'image/png',
      sizeBytes: 1024n,
      width: 1080,
      height: 1080,
      ...overrides,
    },
  });
}

/** A creator on a campaign, added by `addedById`. */
export async function createCampaignInfluencer(
  campaign: { id: string; organizationId: string },
  marketplaceInfluencerId: string,
  addedById: string,
  overrides: Partial<Pick<Prisma.CampaignInfluencerUncheckedCreateInput, 'status' | 'agreedFee' | 'feeCurrency' | 'notes'>> = {},
) {
  return db().campaignInfluencer.create({
    data: { organizationId: campaign.organizationId, campaignId: campaign.id, marketplaceInfluencerId, addedById, ...overrides },
  });
}

/** A brand lift study of the campaign (DRAFT, top of funnel). */
export async function createBrandLiftStudy(campaign: { id: string; organizationId: string }, createdById: string, overrides: Partial<{ name: string }> = {}) {
  return db().brandLiftStudy.create({
    data: {
      organizationId: campaign.organizationId,
      campaignId: campaign.id,
      createdById,
      name: overrides.name ?? `Study ${unique()}`,
      funnelStage: 'TOP',
      primaryKpi: 'AD_RECALL',
    },
  });
}

/** A campaign with any wizard columns set (status, KPIs, platforms, budget...); secondary KPIs as a list. */
export async function createCampaignWith(
  organizationId: string,
  createdById: string,
  data: Partial<Omit<Prisma.CampaignWizardUncheckedCreateInput, 'organizationId' | 'createdById' | 'secondaryKpis'>> & {
    secondaryKpis?: Prisma.CampaignSecondaryKpiUncheckedCreateWithoutCampaignInput['kpi'][];
  } = {},
) {
  const { secondaryKpis, ...columns } = data;
  return db().campaignWizard.create({
    data: {
      organizationId,
      createdById,
      name: `Campaign ${unique()}`,
      ...columns,
      ...(secondaryKpis ? { secondaryKpis: { create: secondaryKpis.map((kpi) => ({ kpi, organizationId })) } } : {}),
    },
  });
}
