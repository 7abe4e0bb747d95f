import { builder } from '../../builder';
import type { Context } from '../../context';
import { AgeBucket, BusinessGoal, CampaignStatus, ContactRole, Currency, Gender, Kpi, Platform } from '../../generated/prisma/client.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import { ErrorInterface } from '../common/errors.graphql';
import { decodeInputId } from '../common/ids';
import { mutationMeta, mutationPayloads } from '../common/mutation';
import * as commands from './campaign.commands';
import { InvalidTransitionError, NotEditableError, TRANSITIONS, type CampaignTransition } from './campaign.status';

/**
 * The write side of the campaign wizard: the steps, the status transitions and duplication, and
 * what every campaign mutation shares (the error types, `payload`). The creators' and the assets'
 * mutations are in campaign.influencers.mutations.graphql.ts and campaign.assets.mutations.graphql.ts.
 * Resolvers decode global ids and call the commands (listed in campaign.commands.ts), which hold
 * every rule. Each field needs MEMBER (a VIEWER or a removed member gets the auth error of
 * scope-auth, never reaching a service); the transitions that need ADMIN are decided by the status
 * machine in the service and come back as a typed ForbiddenError.
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

export const payload = mutationPayloads(campaignErrors);

const ContactInput = builder.inputType('CampaignContactInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    email: t.string({ required: true }),
    phone: t.string({ required: false }),
    role: t.field({ type: ContactRole, required: false, defaultValue: 'PRIMARY' }),
  }),
});

export type FieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];
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
