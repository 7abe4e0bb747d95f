import { builder } from '../../builder';
import {
  AgeBucket,
  AssetType,
  BrandLiftStudyStatus,
  BusinessGoal,
  CampaignInfluencerStatus,
  CampaignStatus,
  ContactRole,
  Currency,
  FunnelStage,
  Gender,
  Kpi,
  Platform,
  WizardStep,
} from '../../generated/prisma/client.ts';
import { ValidationError } from '../../lib/errors';
import { inTenant, tenantFindUnique, tenantWhereOrNone } from '../../lib/tenancy';
import { MAX_PAGE_SIZE } from '../common/pagination';
import {
  countCampaigns,
  DEFAULT_CAMPAIGN_ORDER,
  findCampaign,
  listCampaigns,
  type CampaignFilter,
  type CampaignOrder,
} from './campaign.service';

// Personal data of contacts and internal notes: MEMBER or above. VIEWERs get null, not an error,
// so a read-only dashboard can select them without failing.
const memberOnly = { authScopes: { role: 'MEMBER' }, unauthorizedResolver: () => null, nullable: true } as const;
const byCreation = [{ createdAt: 'asc' }, { id: 'asc' }] as const;

builder.prismaObject('CampaignContact', {
  authScopes: inTenant,
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email', { ...memberOnly, description: 'Null for VIEWERs.' }),
    phone: t.exposeString('phone', { ...memberOnly, description: 'Null when unknown, and for VIEWERs.' }),
    role: t.expose('role', { type: ContactRole }),
  }),
});
builder.prismaObject('CampaignAudienceAge', {
  authScopes: inTenant,
  fields: (t) => ({
    bucket: t.expose('bucket', { type: AgeBucket }),
    percentage: t.exposeInt('percentage', { description: 'Whole percent; a campaign’s buckets sum to 100.' }),
  }),
});
builder.prismaObject('CampaignLocation', {
  authScopes: inTenant,
  fields: (t) => ({
    countryCode: t.exposeString('countryCode', { description: 'ISO 3166-1 alpha-2 code.' }),
    region: t.exposeString('region', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
  }),
});

export const CampaignWizardRef = builder.prismaNode('CampaignWizard', {
  id: { field: 'id' },
  // Select mode: a query loads only the columns its fields need, not whole rows (organizationId
  // for the type's auth scope).
  select: { id: true, organizationId: true },
  nullable: true,
  findUnique: tenantFindUnique,
  authScopes: inTenant,
  description: 'A campaign, from draft to completion.',
  fields: (t) => ({
    name: t.exposeString('name'),
    brandName: t.exposeString('brandName', { nullable: true }),
    businessGoal: t.expose('businessGoal', { type: BusinessGoal, nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    startDate: t.expose('startDate', { type: 'Date', nullable: true }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true }),
    timeZone: t.exposeString('timeZone', { description: 'IANA time zone the dates are meant in.' }),
    budgetTotal: t.expose('budgetTotal', { type: 'Decimal', nullable: true }),
    budgetSocial: t.expose('budgetSocial', { type: 'Decimal', nullable: true, description: 'Part of budgetTotal.' }),
    currency: t.expose('currency', { type: Currency }),
    primaryKpi: t.expose('primaryKpi', { type: Kpi, nullable: true }),
    secondaryKpis: t.field({
      type: [Kpi],
      select: { secondaryKpis: { select: { kpi: true }, orderBy: { kpi: 'asc' } } },
      resolve: (c) => c.secondaryKpis.map((k) => k.kpi),
    }),
    platforms: t.expose('platforms', { type: [Platform] }),
    keyMessage: t.exposeString('keyMessage', { nullable: true }),
    callToAction: t.exposeString('callToAction', { nullable: true }),
    genders: t.expose('genders', { type: [Gender] }),
    languages: t.exposeStringList('languages', { description: 'ISO 639-1 codes.' }),
    interests: t.exposeStringList('interests'),
    ageBuckets: t.relation('ageBuckets', { query: { orderBy: { bucket: 'asc' } } }),
    locations: t.relation('locations', { query: { orderBy: [{ countryCode: 'asc' }, { id: 'asc' }] } }),
    contacts: t.relation('contacts', { query: { orderBy: [...byCreation] } }),
    currentStep: t.expose('currentStep', { type: WizardStep }),
    completedSteps: t.expose('completedSteps', { type: [WizardStep] }),
    status: t.expose('status', { type: CampaignStatus }),
    version: t.exposeInt('version', { description: 'Name it in every write (optimistic concurrency).' }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true }),
    activatedAt: t.expose('activatedAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    // Not `createdBy: User`: User only lets a user see themselves (see AuditLog.actorName).
    createdByName: t.string({
      nullable: true,
      description: 'Display name of whoever created the campaign; null for erased users.',
      select: { createdBy: { select: { name: true } } },
      resolve: (c) => c.createdBy.name ?? null,
    }),
    influencers: t.relatedConnection('influencers', {
      cursor: 'id',
      totalCount: true,
      maxSize: MAX_PAGE_SIZE,
      defaultSize: 20,
      description: 'Creators on the campaign, oldest first.',
      query: (_args, ctx) => ({ where: tenantWhereOrNone(ctx.viewer), orderBy: [...byCreation] }),
    }),
    creativeAssets: t.relation('assets', {
      args: { activeOnly: t.arg.boolean({ required: false, defaultValue: true }) },
      query: (args, ctx) => ({
        where: { ...tenantWhereOrNone(ctx.viewer), ...(args.activeOnly === false ? {} : { isActive: true }) },
        orderBy: [...byCreation],
      }),
    }),
    brandLiftStudies: t.relation('brandLiftStudies', {
      query: (_args, ctx) => ({ where: tenantWhereOrNone(ctx.viewer), orderBy: [...byCreation] }),
    }),
  }),
});

export const CampaignInfluencerRef = builder.prismaNode('CampaignInfluencer', {
  id: { field: 'id' },
  // Select mode: a query loads these cheap columns always, others only when asked for (see
  // lib/pothos/always-selected.ts); organizationId is for the type's auth scope.
  select: { id: true, organizationId: true, status: true },
  nullable: true,
  findUnique: tenantFindUnique,
  authScopes: inTenant,
  description: 'A marketplace creator on a campaign.',
  fields: (t) => ({
    status: t.expose('status', { type: CampaignInfluencerStatus }),
    agreedFee: t.expose('agreedFee', { type: 'Decimal', nullable: true }),
    feeCurrency: t.expose('feeCurrency', { type: Currency, nullable: true }),
    notes: t.exposeString('notes', { ...memberOnly, description: 'Internal notes; null for VIEWERs.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    campaign: t.relation('campaign'),
    creator: t.relation('marketplaceInfluencer', { description: 'The marketplace creator (public data).' }),
    creativeAssets: t.relation('assets', {
      args: { activeOnly: t.arg.boolean({ required: false, defaultValue: true }) },
      description: 'Assets this creator delivers; active ones only unless activeOnly is false.',
      query: (args, ctx) => ({
        where: { ...tenantWhereOrNone(ctx.viewer), ...(args.activeOnly === false ? {} : { isActive: true }) },
        orderBy: [...byCreation],
      }),
    }),
  }),
});

export const CreativeAssetRef = builder.prismaNode('CreativeAsset', {
  id: { field: 'id' },
  // Select mode: a query loads these cheap columns always, others only when asked for (see
  // lib/pothos/always-selected.ts); organizationId is for the type's auth scope.
  select: { id: true, organizationId: true, name: true, type: true, url: true },
  nullable: true,
  findUnique: tenantFindUnique,
  authScopes: inTenant,
  description: 'Media for a campaign; the bytes live in object storage.',
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    type: t.expose('type', { type: AssetType }),
    url: t.exposeString('url'),
    mimeType: t.exposeString('mimeType'),
    // A bigint column: a decimal string, since GraphQL's Int is 32-bit and JSON numbers lose precision past 2^53.
    sizeBytes: t.string({
      description: 'Size in bytes, as a decimal string.',
      select: { sizeBytes: true },
      resolve: (a) => a.sizeBytes.toString() }),
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    durationSeconds: t.expose('durationSeconds', { type: 'Decimal', nullable: true }),
    isActive: t.exposeBoolean('isActive'),
    isPrimaryForBrandLift: t.exposeBoolean('isPrimaryForBrandLift', { description: 'At most one per campaign.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    campaign: t.relation('campaign'),
    campaignInfluencer: t.relation('campaignInfluencer', { nullable: true, description: 'The creator who delivers it.' }),
  }),
});

// Minimal on purpose: the brand-lift module takes this type over (questions, responses, results).
export const BrandLiftStudyRef = builder.prismaNode('BrandLiftStudy', {
  id: { field: 'id' },
  nullable: true,
  findUnique: tenantFindUnique,
  authScopes: inTenant,
  fields: (t) => ({
    name: t.exposeString('name'),
    funnelStage: t.expose('funnelStage', { type: FunnelStage }),
    primaryKpi: t.expose('primaryKpi', { type: Kpi }),
    status: t.expose('status', { type: BrandLiftStudyStatus }),
    targetSamplePerGroup: t.exposeInt('targetSamplePerGroup', { description: 'Respondents wanted per group.' }),
  }),
});

const CampaignOrderField = builder.enumType('CampaignOrderField', {
  values: ['CREATED_AT', 'START_DATE', 'NAME', 'BUDGET_TOTAL'] as const,
  description: 'Campaigns without a start date or budget come last in either direction.',
});
const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

const CampaignOrderInput = builder.inputType('CampaignOrderInput', {
  description: 'Ties always break on id, in the same direction.',
  fields: (t) => ({
    field: t.field({ type: CampaignOrderField, required: true }),
    direction: t.field({ type: OrderDirection, required: false, defaultValue: 'DESC' }),
  }),
});

const CampaignFilterInput = builder.inputType('CampaignFilterInput', {
  description: 'Every given condition must hold.',
  fields: (t) => ({
    statuses: t.field({ type: [CampaignStatus], required: false, description: 'Any of these statuses.' }),
    startDateFrom: t.field({ type: 'Date', required: false, description: 'Starts on or after (inclusive).' }),
    startDateTo: t.field({ type: 'Date', required: false, description: 'Starts on or before (inclusive).' }),
    kpis: t.field({ type: [Kpi], required: false, description: 'Primary or a secondary KPI is any of these.' }),
    platforms: t.field({ type: [Platform], required: false, description: 'Targets any of these platforms.' }),
    search: t.string({ required: false, description: 'Part of the name or brand, any case; at most 200 characters.' }),
  }),
});

function filterOf(arg: typeof CampaignFilterInput.$inferInput | null | undefined): CampaignFilter {
  return { ...arg };
}
function orderOf(arg: typeof CampaignOrderInput.$inferInput | null | undefined): CampaignOrder {
  return arg ? { field: arg.field, direction: arg.direction ?? 'DESC' } : DEFAULT_CAMPAIGN_ORDER;
}

builder.queryFields((t) => ({
  campaign: t.prismaField({
    type: 'CampaignWizard',
    nullable: true,
    authScopes: { role: 'VIEWER' },
    description: 'One campaign of your organization; null when the id names none of them.',
    args: { id: t.arg.globalID({ for: CampaignWizardRef, required: true }) },
    resolve: (query, _root, args, ctx) => findCampaign(query, ctx.viewer, args.id.id),
  }),
  campaigns: t.prismaConnection(
    {
      type: 'CampaignWizard',
      cursor: 'id',
      authScopes: { role: 'VIEWER' },
      description: "Your organization's campaigns, newest first unless `orderBy` says otherwise.",
      maxSize: MAX_PAGE_SIZE,
      defaultSize: 20,
      args: {
        filter: t.arg({ type: CampaignFilterInput, required: false }),
        orderBy: t.arg({ type: CampaignOrderInput, required: false }),
      },
      errors: { types: [ValidationError], directResult: true, union: { name: 'CampaignsResult' } },
      totalCount: (_root, args, ctx) => countCampaigns(ctx.viewer, filterOf(args.filter)),
      resolve: (query, _root, args, ctx) => listCampaigns(query, ctx.viewer, filterOf(args.filter), orderOf(args.orderBy)),
    },
    { name: 'CampaignWizardConnection' },
    { name: 'CampaignWizardEdge' },
  ),
}));
