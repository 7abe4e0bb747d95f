import { builder } from '../../builder';
import type { Context } from '../../context';
import { AssetType } from '../../generated/prisma/client.ts';
import { decodeInputId } from '../common/ids';
import { mutationMeta } from '../common/mutation';
import * as commands from './campaign.commands';
import { payload, type FieldBuilder } from './campaign.mutations.graphql';

/** Mutations for the creative assets of a draft campaign (rules in campaign.assets.commands.ts). */

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
