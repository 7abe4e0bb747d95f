import { builder } from '../../builder';
import { CampaignInfluencerStatus, Currency } from '../../generated/prisma/client.ts';
import { decodeInputId } from '../common/ids';
import { mutationMeta } from '../common/mutation';
import * as commands from './campaign.commands';
import { payload, type FieldBuilder } from './campaign.mutations.graphql';

/** Mutations for the creators on a draft campaign (rules in campaign.influencers.commands.ts). */

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
