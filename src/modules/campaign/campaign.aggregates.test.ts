import { describe, expect, it } from '@jest/globals';
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
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';

const QUERY = `query($filter: CampaignAnalyticsFilterInput) { campaignAnalytics(filter: $filter) {
  __typename
  ... on CampaignAnalytics {
    campaignsByStatus { status count }
    budgetsByCurrency { currency campaigns total social }
    creatorsPerCampaign { campaigns average max }
    reachByPlatform { platform creators placements totalFollowers averageFollowers }
    assetsByType { type count activeCount }
  }
  ... on ValidationError { message issues { path message } }
} }`;

/**
 * A fresh organization with three campaigns:
 *   A  ACTIVE  2027-01-10  EUR 1000.00 / 400.00  creators: ig1 (1000), ig2 (3000), tt1 (500)  assets: 2 IMAGE (1 inactive), 1 VIDEO
 *   B  DRAFT   2027-02-10  EUR  500.50 / null    creators: ig1 (again)                        assets: 1 IMAGE
 *   C  DRAFT   no date     USD no budget         no creators                                  no assets
 * plus another organization's campaign that must never count.
 */
async function world() {
  const org = await createOrganization();
  const { user, viewer } = await createMember(org.id, 'VIEWER');
  const a = await createCampaignWith(org.id, user.id, { status: 'ACTIVE', startDate: new Date('2027-01-10'), currency: 'EUR', budgetTotal: '1000.00', budgetSocial: '400.00' });
  const b = await createCampaignWith(org.id, user.id, { startDate: new Date('2027-02-10'), currency: 'EUR', budgetTotal: '500.50' });
  await createCampaignWith(org.id, user.id, { currency: 'USD' });
  const ig1 = await createMarketplaceInfluencer({ platform: 'INSTAGRAM', followers: 1000 });
  const ig2 = await createMarketplaceInfluencer({ platform: 'INSTAGRAM', followers: 3000 });
  const tt1 = await createMarketplaceInfluencer({ platform: 'TIKTOK', followers: 500 });
  for (const creator of [ig1, ig2, tt1]) await createCampaignInfluencer(a, creator.id, user.id);
  await createCampaignInfluencer(b, ig1.id, user.id);
  await createCreativeAsset(a, user.id);
  await createCreativeAsset(a, user.id, { isActive: false });
  const video = await createCreativeAsset(a, user.id);
  await db().creativeAsset.update({ where: { id: video.id }, data: { type: 'VIDEO', mimeType: 'video/mp4' } });
  await createCreativeAsset(b, user.id);

  const other = await createOrganization();
  const stranger = await createMember(other.id, 'OWNER');
  const foreign = await createCampaign(other.id, stranger.user.id, { startDate: new Date('2027-01-10'), budgetTotal: '99999.00' });
  await createCampaignInfluencer(foreign, ig1.id, stranger.user.id);
  await createCreativeAsset(foreign, stranger.user.id);
  return { viewer, strangerViewer: stranger.viewer };
}

const analytics = async (viewer: Viewer, filter?: Record<string, unknown>) =>
  (await new TestClient(viewer).data<{ campaignAnalytics: Record<string, unknown> }>(QUERY, { filter })).campaignAnalytics;

describe('campaignAnalytics', () => {
  it('matches hand-computed values over the whole organization', async () => {
    const { viewer } = await world();
    expect(await analytics(viewer)).toEqual({
      __typename: 'CampaignAnalytics',
      campaignsByStatus: [{ status: 'DRAFT', count: 2 }, { status: 'ACTIVE', count: 1 }],
      // In the Currency enum's order (USD first), like every enum-keyed section.
      budgetsByCurrency: [
        { currency: 'USD', campaigns: 1, total: '0.00', social: '0.00' },
        { currency: 'EUR', campaigns: 2, total: '1500.50', social: '400.00' },
      ],
      // 3 + 1 + 0 creators over 3 campaigns.
      creatorsPerCampaign: { campaigns: 3, average: '1.33', max: 3 },
      // ig1 is on two campaigns: one creator, two placements; followers counted once.
      reachByPlatform: [
        { platform: 'INSTAGRAM', creators: 2, placements: 3, totalFollowers: '4000', averageFollowers: '2000.00' },
        { platform: 'TIKTOK', creators: 1, placements: 1, totalFollowers: '500', averageFollowers: '500.00' },
      ],
      assetsByType: [{ type: 'IMAGE', count: 3, activeCount: 2 }, { type: 'VIDEO', count: 1, activeCount: 1 }],
    });
  });

  it('narrows every section to campaigns starting in the date range', async () => {
    const { viewer } = await world();
    expect(await analytics(viewer, { startDateFrom: '2027-02-01' })).toMatchObject({
      campaignsByStatus: [{ status: 'DRAFT', count: 1 }],
      budgetsByCurrency: [{ currency: 'EUR', campaigns: 1, total: '500.50', social: '0.00' }],
      creatorsPerCampaign: { campaigns: 1, average: '1.00', max: 1 },
      reachByPlatform: [{ platform: 'INSTAGRAM', creators: 1, placements: 1, totalFollowers: '1000', averageFollowers: '1000.00' }],
      assetsByType: [{ type: 'IMAGE', count: 1, activeCount: 1 }],
    });
    expect(await analytics(viewer, { startDateFrom: '2027-01-10', startDateTo: '2027-01-10' })).toMatchObject({
      campaignsByStatus: [{ status: 'ACTIVE', count: 1 }],
      creatorsPerCampaign: { campaigns: 1, average: '3.00', max: 3 },
    });
    expect(await analytics(viewer, { startDateFrom: '2030-01-01' })).toEqual({
      __typename: 'CampaignAnalytics',
      campaignsByStatus: [],
      budgetsByCurrency: [],
      creatorsPerCampaign: { campaigns: 0, average: '0.00', max: 0 },
      reachByPlatform: [],
      assetsByType: [],
    });
  });

  it('reports an inverted range as a ValidationError and refuses anonymous callers', async () => {
    const { viewer } = await world();
    expect(await analytics(viewer, { startDateFrom: '2027-02-01', startDateTo: '2027-01-01' })).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['filter', 'startDateTo'] }],
    });
    const anonymous = await new TestClient(null).request(QUERY);
    expect(anonymous.errors?.length).toBeGreaterThan(0);
    expect(anonymous.data?.campaignAnalytics ?? null).toBeNull();
  });
});
