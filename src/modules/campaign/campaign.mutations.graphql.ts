import { builder } from '../../builder';
import type { Context } from '../../context';
import {
  AgeBucket,
  AssetType,
  BusinessGoal,
  CampaignInfluencerStatus,
  CampaignStatus,
  ContactRole,
  Currency,
  Gender,
  Kpi,
  Platform,
} from '../../generated/prisma/client.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import { ErrorInterface } from '../common/errors.graphql';
import { decodeInputId } from '../common/ids';
import { mutationMeta, mutationPayloads } from '../common/mutation';
import * as commands from './campaign.commands';
import { InvalidTransitionError, NotEditableError, TRANSITIONS, type CampaignTransition } from './campaign.status';

/**
 * The write side of the campaign wizard. Resolvers decode global ids and call
 * campaign.commands.ts, which holds every rule. Each field needs MEMBER (a VIEWER or a removed
 * member gets the auth error of scope-auth, never reaching a service); the transitions that need
 * ADMIN are decided by the status machine in the service and come back as a typed ForbiddenError.
 */

// The mutation root; privacy.graphql.ts registers it too (a repeated registration is harmless).
builder.mutationType({ description: 'Writes. Expected failures are typed results (`... on Error`).' });

const CampaignTransitionEnum = builder.enumType('CampaignTransition', {
  values: Object.keys(TRANSITIONS) as CampaignTransition[],
});
builder.objectType(InvalidTransitionError, {
  name: 'InvalidTransitionError',
  interfaces: [ErrorInterface],
  description: 'The status machine does not allow this transition from the current status.',
  fields: (t) => ({
    currentStatus: t.expose('currentStatus', { type: CampaignStatus }),
    transition: t.expose('transition', { type: CampaignTransitionEnum }),
  }),
});
builder.objectType(NotEditableError, {
  name: 'NotEditableError',
  interfaces: [ErrorInterface],
  description: 'Only DRAFT campaigns can be edited.',
  fields: (t) => ({ currentStatus: t.expose('currentStatus', { type: CampaignStatus }) }),
});

const campaignErrors = [ValidationError, NotFoundError, ConflictError, ForbiddenError, NotEditableError, InvalidTransitionError];

const payload = mutationPayloads(campaignErrors);

const ContactInput = builder.inputType('CampaignContactInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    email: t.string({ required: true }),
    phone: t.string({ required: false }),
    role: t.field({ type: ContactRole, required: false, defaultValue: 'PRIMARY' }),
  }),
});

type FieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];
const versionFields = (t: FieldBuilder) => ({
  campaignId: t.id({ required: true, description: 'Global CampaignWizard id.' }),
  expectedVersion: t.int({ required: true, description: 'The `version` you read; a stale one is a ConflictError.' }),
});
const detailsFields = (t: FieldBuilder) => ({
  name: t.string({ required: true, description: 'Unique in the organization.' }),
  brandName: t.string({ required: true }),
  businessGoal: t.field({ type: BusinessGoal, required: true }),
  description: t.string({ required: false }),
  startDate: t.field({ type: 'Date', required: true }),
  endDate: t.field({ type: 'Date', required: true, description: 'Not before startDate.' }),
  timeZone: t.string({ required: true, description: 'IANA time zone, e.g. Europe/Berlin.' }),
  budgetTotal: t.field({ type: 'Decimal', required: true, description: 'Non-negative, at most 2 decimals.' }),
  budgetSocial: t.field({ type: 'Decimal', required: true, description: 'Part of budgetTotal spent on social media.' }),
  currency: t.field({ type: Currency, required: true }),
  contacts: t.field({ type: [ContactInput], required: false, description: 'Omitted: unchanged; given: replaces the contacts.' }),
});

const CreateCampaignInput = builder.inputType('CreateCampaignInput', { fields: (t) => detailsFields(t) });
const SaveCampaignDetailsInput = builder.inputType('SaveCampaignDetailsInput', {
  fields: (t) => ({ ...versionFields(t), ...detailsFields(t) }),
});
const SaveCampaignObjectivesInput = builder.inputType('SaveCampaignObjectivesInput', {
  fields: (t) => ({
    ...versionFields(t),
    primaryKpi: t.field({ type: Kpi, required: true }),
    secondaryKpis: t.field({ type: [Kpi], required: true, description: 'Distinct; not the primary KPI.' }),
    platforms: t.field({ type: [Platform], required: true, description: 'At least one.' }),
    keyMessage: t.string({ required: true }),
    callToAction: t.string({ required: false }),
  }),
});
const AgeBucketInput = builder.inputType('CampaignAudienceAgeInput', {
  fields: (t) => ({
    bucket: t.field({ type: AgeBucket, required: true }),
    percentage: t.int({ required: true, description: '0 to 100; all buckets must sum to 100 on submit.' }),
  }),
});
const LocationInput = builder.inputType('CampaignLocationInput', {
  fields: (t) => ({
    countryCode: t.string({ required: true, description: 'ISO 3166-1 alpha-2, upper case.' }),
    region: t.string({ required: false }),
    city: t.string({ required: false }),
  }),
});
const SaveCampaignAudienceInput = builder.inputType('SaveCampaignAudienceInput', {
  fields: (t) => ({
    ...versionFields(t),
    ageBuckets: t.field({ type: [AgeBucketInput], required: true }),
    locations: t.field({ type: [LocationInput], required: true }),
    genders: t.field({ type: [Gender], required: true }),
    languages: t.stringList({ required: true, description: 'ISO 639-1 codes, e.g. en.' }),
    interests: t.stringList({ required: true }),
  }),
});
const SaveCampaignAssetsInput = builder.inputType('SaveCampaignAssetsInput', { fields: (t) => versionFields(t) });

builder.mutationFields((t) => {
  type StepInput = { campaignId: string; expectedVersion: number } & Record<string, unknown>;
  const campaignField = (
    name: string,
    input: Parameters<typeof t.arg>[0]['type'],
    description: string,
    run: (ctx: Context, input: StepInput) => Promise<{ id: string }>,
  ) =>
    t.prismaField({
      type: 'CampaignWizard',
      authScopes: { role: 'MEMBER' },
      description,
      errors: payload(name, 'campaign'),
      args: { input: t.arg({ type: input, required: true }) },
      resolve: async (query, _root, args, ctx) => {
        const raw = args.input as unknown as StepInput;
        const campaignId = decodeInputId(raw.campaignId, 'CampaignWizard', 'campaignId');
        const saved = await run(ctx, { ...raw, campaignId });
        return commands.findCampaignForPayload(query, ctx.viewer, saved.id);
      },
    });
  return {
    createCampaign: t.prismaField({
      type: 'CampaignWizard',
      authScopes: { role: 'MEMBER' },
      description: 'Step 1 (Details) as a new DRAFT campaign; the wizard moves on to OBJECTIVES.',
      errors: payload('createCampaign', 'campaign'),
      args: { input: t.arg({ type: CreateCampaignInput, required: true }) },
      resolve: async (query, _root, args, ctx) => {
        const created = await commands.createCampaign(ctx.viewer, args.input, mutationMeta(ctx));
        return commands.findCampaignForPayload(query, ctx.viewer, created.id);
      },
    }),
    saveCampaignDetails: campaignField('saveCampaignDetails', SaveCampaignDetailsInput, 'Saves step 1, Details.', (ctx, input) =>
      commands.saveCampaignDetails(ctx.viewer, input, mutationMeta(ctx)),
    ),
    saveCampaignObjectives: campaignField('saveCampaignObjectives', SaveCampaignObjectivesInput, 'Saves step 2, Objectives.', (ctx, input) =>
      commands.saveCampaignObjectives(ctx.viewer, input, mutationMeta(ctx)),
    ),
    saveCampaignAudience: campaignField('saveCampaignAudience', SaveCampaignAudienceInput, 'Saves step 3, Audience.', (ctx, input) =>
      commands.saveCampaignAudience(ctx.viewer, input, mutationMeta(ctx)),
    ),
    saveCampaignAssets: campaignField(
      'saveCampaignAssets',
      SaveCampaignAssetsInput,
      'Marks step 4, Assets, complete (assets themselves are edited with the creative-asset mutations).',
      (ctx, input) => commands.saveCampaignAssets(ctx.viewer, input, mutationMeta(ctx)),
    ),
  };
});

const TRANSITION_FIELDS: [string, CampaignTransition, string][] = [
  ['submitCampaign', 'SUBMIT', 'DRAFT -> SUBMITTED after checking the whole campaign (every issue is listed). MEMBER.'],
  ['approveCampaign', 'APPROVE', 'SUBMITTED -> APPROVED. ADMIN.'],
  ['activateCampaign', 'ACTIVATE', 'APPROVED -> ACTIVE. ADMIN.'],
  ['pauseCampaign', 'PAUSE', 'ACTIVE -> PAUSED. MEMBER.'],
  ['resumeCampaign', 'RESUME', 'PAUSED -> ACTIVE. MEMBER.'],
  ['completeCampaign', 'COMPLETE', 'ACTIVE or PAUSED -> COMPLETED. ADMIN.'],
  ['cancelCampaign', 'CANCEL', 'Any non-terminal status -> CANCELLED. ADMIN.'],
];

for (const [name, transition, description] of TRANSITION_FIELDS) {
  const Input = builder.inputType(`${name[0]!.toUpperCase()}${name.slice(1)}Input`, { fields: (t) => versionFields(t) });
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: 'CampaignWizard',
      authScopes: { role: 'MEMBER' },
      description,
      errors: payload(name, 'campaign'),
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: async (query, _root, args, ctx) => {
        const campaignId = decodeInputId(args.input.campaignId, 'CampaignWizard', 'campaignId');
        const input = { campaignId, expectedVersion: args.input.expectedVersion };
        const after = await commands.transitionCampaign(ctx.viewer, transition, input, mutationMeta(ctx));
        return commands.findCampaignForPayload(query, ctx.viewer, after.id);
      },
    }),
  );
}

const DuplicateCampaignInput = builder.inputType('DuplicateCampaignInput', {
  fields: (t) => ({ campaignId: t.id({ required: true, description: 'Global CampaignWizard id of the source.' }) }),
});

builder.mutationField('duplicateCampaign', (t) =>
  t.prismaField({
    type: 'CampaignWizard',
    authScopes: { role: 'MEMBER' },
    description:
      'A new DRAFT copy named "<name> (copy)" (or "(copy 2)", ...) with details, objectives, audience and contacts. ' +
      'Influencers and creative assets are not copied, so the copy reopens the ASSETS step.',
    errors: payload('duplicateCampaign', 'campaign'),
    args: { input: t.arg({ type: DuplicateCampaignInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const campaignId = decodeInputId(args.input.campaignId, 'CampaignWizard', 'campaignId');
      const copy = await commands.duplicateCampaign(ctx.viewer, { campaignId }, mutationMeta(ctx));
      return commands.findCampaignForPayload(query, ctx.viewer, copy.id);
    },
  }),
);

const influencerFields = (t: FieldBuilder) => ({
  status: t.field({ type: CampaignInfluencerStatus, required: false }),
  agreedFee: t.field({ type: 'Decimal', required: false, description: 'Non-negative, at most 2 decimals; needs feeCurrency.' }),
  feeCurrency: t.field({ type: Currency, required: false }),
  notes: t.string({ required: false }),
});
const AddCampaignInfluencerInput = builder.inputType('AddCampaignInfluencerInput', {
  fields: (t) => ({
    campaignId: t.id({ required: true, description: 'Global CampaignWizard id.' }),
    marketplaceInfluencerId: t.id({ required: true, description: 'Global MarketplaceInfluencer id of the creator.' }),
    ...influencerFields(t),
  }),
});
const UpdateCampaignInfluencerInput = builder.inputType('UpdateCampaignInfluencerInput', {
  description: 'Omitted fields stay as they are; null clears agreedFee, feeCurrency or notes.',
  fields: (t) => ({ campaignInfluencerId: t.id({ required: true }), ...influencerFields(t) }),
});
const RemoveCampaignInfluencerInput = builder.inputType('RemoveCampaignInfluencerInput', {
  fields: (t) => ({ campaignInfluencerId: t.id({ required: true }) }),
});

builder.mutationFields((t) => ({
  addCampaignInfluencer: t.prismaField({
    type: 'CampaignInfluencer',
    authScopes: { role: 'MEMBER' },
    description: 'Puts a marketplace creator on a DRAFT campaign (once: a repeat is a ConflictError).',
    errors: payload('addCampaignInfluencer', 'campaignInfluencer'),
    args: { input: t.arg({ type: AddCampaignInfluencerInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const campaignId = decodeInputId(input.campaignId, 'CampaignWizard', 'campaignId');
      const marketplaceInfluencerId = decodeInputId(input.marketplaceInfluencerId, 'MarketplaceInfluencer', 'marketplaceInfluencerId');
      const row = await commands.addCampaignInfluencer(ctx.viewer, { ...input, campaignId, marketplaceInfluencerId }, mutationMeta(ctx));
      return commands.findCampaignInfluencerForPayload(query, ctx.viewer, row.id);
    },
  }),
  updateCampaignInfluencer: t.prismaField({
    type: 'CampaignInfluencer',
    authScopes: { role: 'MEMBER' },
    description: 'Edits status, fee or notes of one creator on a DRAFT campaign, in place.',
    errors: payload('updateCampaignInfluencer', 'campaignInfluencer'),
    args: { input: t.arg({ type: UpdateCampaignInfluencerInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const campaignInfluencerId = decodeInputId(input.campaignInfluencerId, 'CampaignInfluencer', 'campaignInfluencerId');
      const row = await commands.updateCampaignInfluencer(ctx.viewer, { ...input, campaignInfluencerId }, mutationMeta(ctx));
      return commands.findCampaignInfluencerForPayload(query, ctx.viewer, row.id);
    },
  }),
  removeCampaignInfluencer: t.prismaField({
    type: 'CampaignWizard',
    authScopes: { role: 'MEMBER' },
    description: 'Removes one creator from a DRAFT campaign; the assets they delivered stay, unassigned.',
    errors: payload('removeCampaignInfluencer', 'campaign'),
    args: { input: t.arg({ type: RemoveCampaignInfluencerInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const campaignInfluencerId = decodeInputId(input.campaignInfluencerId, 'CampaignInfluencer', 'campaignInfluencerId');
      const { campaignId } = await commands.removeCampaignInfluencer(ctx.viewer, { campaignInfluencerId }, mutationMeta(ctx));
      return commands.findCampaignForPayload(query, ctx.viewer, campaignId);
    },
  }),
}));

const assetFields = (t: FieldBuilder, required: boolean) => ({
  name: t.string({ required }),
  description: t.string({ required: false }),
  type: t.field({ type: AssetType, required }),
  url: t.string({ required, description: 'https only.' }),
  mimeType: t.string({ required, description: 'image/* for IMAGE, video/* for VIDEO.' }),
  sizeBytes: t.string({ required, description: 'Size in bytes as a decimal string.' }),
  width: t.int({ required: false }),
  height: t.int({ required: false }),
  durationSeconds: t.field({ type: 'Decimal', required: false, description: 'Required for VIDEO; at most 3 decimals.' }),
});
const CreateCreativeAssetInput = builder.inputType('CreateCreativeAssetInput', {
  fields: (t) => ({ campaignId: t.id({ required: true, description: 'Global CampaignWizard id.' }), ...assetFields(t, true) }),
});
const UpdateCreativeAssetInput = builder.inputType('UpdateCreativeAssetInput', {
  description: 'Omitted fields stay as they are; the result must still be consistent.',
  fields: (t) => ({ creativeAssetId: t.id({ required: true }), ...assetFields(t, false) }),
});
const SetCreativeAssetActiveInput = builder.inputType('SetCreativeAssetActiveInput', {
  fields: (t) => ({ creativeAssetId: t.id({ required: true }), isActive: t.boolean({ required: true }) }),
});
const AssignCreativeAssetInput = builder.inputType('AssignCreativeAssetInput', {
  fields: (t) => ({
    creativeAssetId: t.id({ required: true }),
    campaignInfluencerId: t.id({ required: false, description: 'A creator of the same campaign; null detaches the asset.' }),
  }),
});
const SetPrimaryBrandLiftAssetInput = builder.inputType('SetPrimaryBrandLiftAssetInput', {
  fields: (t) => ({ creativeAssetId: t.id({ required: true }) }),
});

builder.mutationFields((t) => {
  const assetField = <I extends { creativeAssetId: string | number }>(
    name: string,
    input: Parameters<typeof t.arg>[0]['type'],
    description: string,
    run: (ctx: Context, input: I, creativeAssetId: string) => Promise<{ id: string }>,
  ) =>
    t.prismaField({
      type: 'CreativeAsset',
      authScopes: { role: 'MEMBER' },
      description,
      errors: payload(name, 'creativeAsset'),
      args: { input: t.arg({ type: input, required: true }) },
      resolve: async (query, _root, args, ctx) => {
        const raw = args.input as unknown as I;
        const creativeAssetId = decodeInputId(raw.creativeAssetId, 'CreativeAsset', 'creativeAssetId');
        const row = await run(ctx, raw, creativeAssetId);
        return commands.findCreativeAssetForPayload(query, ctx.viewer, row.id);
      },
    });
  type Update = typeof UpdateCreativeAssetInput.$inferInput;
  type Active = typeof SetCreativeAssetActiveInput.$inferInput;
  type Assign = typeof AssignCreativeAssetInput.$inferInput;
  return {
    createCreativeAsset: t.prismaField({
      type: 'CreativeAsset',
      authScopes: { role: 'MEMBER' },
      description: 'Adds an asset to a DRAFT campaign.',
      errors: payload('createCreativeAsset', 'creativeAsset'),
      args: { input: t.arg({ type: CreateCreativeAssetInput, required: true }) },
      resolve: async (query, _root, { input }, ctx) => {
        const campaignId = decodeInputId(input.campaignId, 'CampaignWizard', 'campaignId');
        const row = await commands.createCreativeAsset(ctx.viewer, { ...input, campaignId }, mutationMeta(ctx));
        return commands.findCreativeAssetForPayload(query, ctx.viewer, row.id);
      },
    }),
    updateCreativeAsset: assetField<Update>('updateCreativeAsset', UpdateCreativeAssetInput, 'Edits an asset of a DRAFT campaign.', (ctx, input, id) =>
      commands.updateCreativeAsset(ctx.viewer, { ...input, creativeAssetId: id }, mutationMeta(ctx)),
    ),
    setCreativeAssetActive: assetField<Active>(
      'setCreativeAssetActive',
      SetCreativeAssetActiveInput,
      'Activates or deactivates an asset; deactivating the primary brand-lift asset clears that flag.',
      (ctx, input, id) => commands.setCreativeAssetActive(ctx.viewer, { creativeAssetId: id, isActive: input.isActive }, mutationMeta(ctx)),
    ),
    assignCreativeAsset: assetField<Assign>(
      'assignCreativeAsset',
      AssignCreativeAssetInput,
      'Assigns the asset to a creator of the same campaign (null: unassigned).',
      (ctx, input, id) => {
        const influencer = input.campaignInfluencerId;
        const campaignInfluencerId = influencer == null ? null : decodeInputId(influencer, 'CampaignInfluencer', 'campaignInfluencerId');
        return commands.assignCreativeAsset(ctx.viewer, { creativeAssetId: id, campaignInfluencerId }, mutationMeta(ctx));
      },
    ),
    setPrimaryBrandLiftAsset: assetField<{ creativeAssetId: string }>(
      'setPrimaryBrandLiftAsset',
      SetPrimaryBrandLiftAssetInput,
      "Makes an active asset the campaign's one primary brand-lift asset (the previous one is cleared).",
      (ctx, _input, id) => commands.setPrimaryBrandLiftAsset(ctx.viewer, { creativeAssetId: id }, mutationMeta(ctx)),
    ),
  };
});
