import type { CampaignInfluencerStatus, Currency } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { requireRole, tenantWhere, type TenantViewer } from '../../lib/tenancy';
import { inTenantTransaction, mapUniqueViolation, parseInput, usable, type CommandMeta, type Tx } from '../common/service';
import { auditChild, lockDraft, lockDraftOfChild } from './campaign.commands.shared';
import { influencerUpdateSchema } from './campaign.validation';

/**
 * The creators on a draft campaign: add, edit in place, remove. Each edit locks the campaign row
 * (so it serializes with submit) but does not bump the campaign's version.
 */

export interface AddInfluencerInput {
  campaignId: string;
  marketplaceInfluencerId: string;
  status?: CampaignInfluencerStatus | null;
  agreedFee?: string | null;
  feeCurrency?: Currency | null;
  notes?: string | null;
}

const ALREADY_ON_CAMPAIGN = 'This creator is already on the campaign';

function feeIssues(fee: unknown, currency: unknown) {
  if (fee != null && currency == null) {
    throw new ValidationError('Invalid fee', [{ path: ['input', 'feeCurrency'], message: 'is required with agreedFee' }]);
  }
}

export async function addCampaignInfluencer(viewer: Viewer | null, input: AddInfluencerInput, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const { campaignId, marketplaceInfluencerId, ...rest } = input;
  const fields = parseInput(influencerUpdateSchema, rest, 'Invalid campaign influencer');
  feeIssues(fields.agreedFee, fields.feeCurrency);
  return mapUniqueViolation(ALREADY_ON_CAMPAIGN, () =>
    inTenantTransaction(viewer, async (tx) => {
      await lockDraft(tx, viewer, campaignId);
      // Marketplace creators are public rows shared by every tenant.
      const creator = await tx.marketplaceInfluencer.findUnique({ where: { id: marketplaceInfluencerId }, select: { id: true } });
      if (!creator) throw new NotFoundError('MarketplaceInfluencer');
      const existing = await tx.campaignInfluencer.findFirst({ where: { campaignId, marketplaceInfluencerId, ...tenantWhere(viewer) }, select: { id: true } });
      if (existing) throw new ConflictError(ALREADY_ON_CAMPAIGN);
      const row = await tx.campaignInfluencer.create({
        data: {
          campaignId,
          marketplaceInfluencerId,
          organizationId: viewer.organizationId,
          addedById: viewer.userId,
          status: fields.status ?? 'INVITED',
          agreedFee: fields.agreedFee ?? null,
          feeCurrency: fields.feeCurrency ?? null,
          notes: fields.notes ?? null,
        },
      });
      await auditChild(tx, viewer, 'CAMPAIGN_INFLUENCER', row.id, 'CREATE', null, influencerSnapshot(row), meta);
      return row;
    }),
  );
}

function influencerSnapshot(row: { campaignId: string; marketplaceInfluencerId: string; status: string; agreedFee: unknown; feeCurrency: unknown; notes: unknown }) {
  const { campaignId, marketplaceInfluencerId, status, agreedFee, feeCurrency, notes } = row;
  return { campaignId, marketplaceInfluencerId, status, agreedFee, feeCurrency, notes };
}

async function loadInfluencer(tx: Tx, viewer: TenantViewer, id: string) {
  const row = await tx.campaignInfluencer.findFirst({ where: { id, ...tenantWhere(viewer) } });
  if (!row) throw new NotFoundError('CampaignInfluencer');
  return row;
}

/** Edits one row in place (never delete and re-create): status, fee, notes. */
export async function updateCampaignInfluencer(
  viewer: Viewer | null,
  input: { campaignInfluencerId: string } & Omit<AddInfluencerInput, 'campaignId' | 'marketplaceInfluencerId'>,
  meta: CommandMeta = {},
) {
  requireRole(viewer, 'MEMBER');
  const { campaignInfluencerId, ...rest } = input;
  const fields = parseInput(influencerUpdateSchema, rest, 'Invalid campaign influencer');
  return inTenantTransaction(viewer, async (tx) => {
    await lockDraftOfChild(tx, viewer, 'CampaignInfluencer', campaignInfluencerId);
    const before = await loadInfluencer(tx, viewer, campaignInfluencerId);
    const data = {
      ...(fields.status ? { status: fields.status } : {}),
      ...(fields.agreedFee !== undefined ? { agreedFee: fields.agreedFee } : {}),
      ...(fields.feeCurrency !== undefined ? { feeCurrency: fields.feeCurrency } : {}),
      ...(fields.notes !== undefined ? { notes: fields.notes } : {}),
    };
    feeIssues(data.agreedFee !== undefined ? data.agreedFee : before.agreedFee, data.feeCurrency !== undefined ? data.feeCurrency : before.feeCurrency);
    // The update returns the row (no second read); none: it was removed meanwhile.
    const [after] = await tx.campaignInfluencer.updateManyAndReturn({ where: { id: before.id, ...tenantWhere(viewer) }, data });
    if (!after) throw new NotFoundError('CampaignInfluencer');
    await auditChild(tx, viewer, 'CAMPAIGN_INFLUENCER', before.id, 'UPDATE', influencerSnapshot(before), influencerSnapshot(after), meta);
    return after;
  });
}

/** Deletes that one row; its assets stay on the campaign, detached from the creator. */
export async function removeCampaignInfluencer(viewer: Viewer | null, input: { campaignInfluencerId: string }, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return inTenantTransaction(viewer, async (tx) => {
    await lockDraftOfChild(tx, viewer, 'CampaignInfluencer', input.campaignInfluencerId);
    const before = await loadInfluencer(tx, viewer, input.campaignInfluencerId);
    await tx.creativeAsset.updateMany({ where: { campaignInfluencerId: before.id, ...tenantWhere(viewer) }, data: { campaignInfluencerId: null } });
    await tx.campaignInfluencer.deleteMany({ where: { id: before.id, ...tenantWhere(viewer) } });
    await auditChild(tx, viewer, 'CAMPAIGN_INFLUENCER', before.id, 'DELETE', influencerSnapshot(before), null, meta);
    return { campaignId: before.campaignId };
  });
}

export function findCampaignInfluencerForPayload<Q extends object>(query: Q, viewer: Viewer | null, id: string) {
  return db().campaignInfluencer.findFirstOrThrow({ ...usable(query), where: { id, ...tenantWhere(viewer) } });
}
