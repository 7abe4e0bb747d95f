import { builder } from '../../builder';
import { AssetType, CampaignStatus, Currency, Platform } from '../../generated/prisma/client.ts';
import { ValidationError } from '../../lib/errors';
import {
  analyticsScope,
  assetsByType,
  budgetsByCurrency,
  campaignsByStatus,
  creatorsPerCampaign,
  reachByPlatform,
  type AnalyticsScope,
  type BudgetTotal,
  type CreatorsPerCampaign,
  type PlatformReach,
} from './campaign.aggregates';

// Each section is its own SQL aggregate, run only when selected.

const StatusCount = builder.objectRef<{ status: CampaignStatus; count: number }>('CampaignStatusCount').implement({
  fields: (t) => ({ status: t.expose('status', { type: CampaignStatus }), count: t.exposeInt('count') }),
});

const BudgetTotalRef = builder.objectRef<BudgetTotal>('CampaignBudgetTotal').implement({
  description: 'Budgets of the campaigns in one currency (never converted between currencies).',
  fields: (t) => ({
    currency: t.expose('currency', { type: Currency }),
    campaigns: t.exposeInt('campaigns'),
    total: t.expose('total', { type: 'Decimal', description: 'Sum of budgetTotal; campaigns without one add 0.' }),
    social: t.expose('social', { type: 'Decimal', description: 'Sum of budgetSocial.' }),
  }),
});

const CreatorsPerCampaignRef = builder.objectRef<CreatorsPerCampaign>('CreatorsPerCampaign').implement({
  fields: (t) => ({
    campaigns: t.exposeInt('campaigns'),
    average: t.expose('average', { type: 'Decimal', description: 'Campaigns without creators count as 0; 2 decimals.' }),
    max: t.exposeInt('max'),
  }),
});

const PlatformReachRef = builder.objectRef<PlatformReach>('PlatformReach').implement({
  description: 'Creators on the campaigns, by their platform; a creator on several campaigns counts once.',
  fields: (t) => ({
    platform: t.expose('platform', { type: Platform }),
    creators: t.exposeInt('creators', { description: 'Distinct creators.' }),
    placements: t.exposeInt('placements', { description: 'Creator-on-campaign rows.' }),
    totalFollowers: t.expose('totalFollowers', { type: 'Decimal', description: 'An integer; a string because it can pass 2^31.' }),
    averageFollowers: t.expose('averageFollowers', { type: 'Decimal', description: '2 decimals.' }),
  }),
});

const AssetTypeCount = builder
  .objectRef<{ type: AssetType; count: number; activeCount: number }>('AssetTypeCount')
  .implement({
    fields: (t) => ({
      type: t.expose('type', { type: AssetType }),
      count: t.exposeInt('count'),
      activeCount: t.exposeInt('activeCount'),
    }),
  });

const CampaignAnalyticsRef = builder.objectRef<AnalyticsScope>('CampaignAnalytics').implement({
  description: "Aggregates over your organization's campaigns (in the filter's date range).",
  fields: (t) => ({
    campaignsByStatus: t.field({ type: [StatusCount], resolve: campaignsByStatus }),
    budgetsByCurrency: t.field({ type: [BudgetTotalRef], resolve: budgetsByCurrency }),
    creatorsPerCampaign: t.field({ type: CreatorsPerCampaignRef, resolve: creatorsPerCampaign }),
    reachByPlatform: t.field({ type: [PlatformReachRef], resolve: reachByPlatform }),
    assetsByType: t.field({ type: [AssetTypeCount], resolve: assetsByType }),
  }),
});

const CampaignAnalyticsFilterInput = builder.inputType('CampaignAnalyticsFilterInput', {
  description: 'Campaigns starting in this range (inclusive); with either bound, campaigns without a start date are left out.',
  fields: (t) => ({
    startDateFrom: t.field({ type: 'Date', required: false }),
    startDateTo: t.field({ type: 'Date', required: false }),
  }),
});

builder.queryFields((t) => ({
  campaignAnalytics: t.field({
    type: CampaignAnalyticsRef,
    authScopes: { role: 'VIEWER' },
    description: 'Campaign aggregates for analysts: statuses, budgets, creators, reach and assets.',
    args: { filter: t.arg({ type: CampaignAnalyticsFilterInput, required: false }) },
    errors: { types: [ValidationError], directResult: true, union: { name: 'CampaignAnalyticsResult' } },
    resolve: (_root, args, ctx) => analyticsScope(ctx.viewer, args.filter),
  }),
}));
