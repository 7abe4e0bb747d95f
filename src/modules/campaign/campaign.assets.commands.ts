import type { Prisma } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { requireRole, tenantWhere, type TenantViewer } from '../../lib/tenancy';
import { inTenantTransaction, mapUniqueViolation, parseInput, usable, type CommandMeta, type Tx } from '../common/service';
import { auditChild, lockDraft, lockDraftOfChild } from './campaign.commands.shared';
import {
  assetConsistencySchema,
  createAssetSchema,
  updateAssetSchema,
  type CreateAssetInput,
  type UpdateAssetInput,
} from './campaign.validation';

/**
 * The creative assets of a draft campaign (metadata and URLs, never bytes): create, edit,
 * (de)activate, assign to a creator, make the primary brand-lift asset. Each edit locks the
 * campaign row (so it serializes with submit) but does not bump the campaign's version.
 */

type AssetRow = Prisma.CreativeAssetGetPayload<object>;

function assetSnapshot(row: AssetRow) {
  const { id: _id, organizationId: _o, createdAt: _c, updatedAt: _u, ...fields } = row;
  return fields;
}

async function loadAsset(tx: Tx, viewer: TenantViewer, id: string) {
  const row = await tx.creativeAsset.findFirst({ where: { id, ...tenantWhere(viewer) } });
  if (!row) throw new NotFoundError('CreativeAsset');
  return row;
}

/** Locks the draft, loads, applies data, audits: the shape of every asset edit. */
async function editAsset(
  viewer: TenantViewer,
  id: string,
  meta: CommandMeta,
  change: (tx: Tx, before: AssetRow) => Promise<Prisma.CreativeAssetUpdateManyMutationInput | Prisma.CreativeAssetUncheckedUpdateManyInput>,
) {
  return inTenantTransaction(viewer, async (tx) => {
    await lockDraftOfChild(tx, viewer, 'CreativeAsset', id);
    const before = await loadAsset(tx, viewer, id);
    const data = await change(tx, before);
    // The update returns the row (no second read); none: the asset was deleted meanwhile.
    const [after] = await tx.creativeAsset.updateManyAndReturn({ where: { id: before.id, ...tenantWhere(viewer) }, data });
    if (!after) throw new NotFoundError('CreativeAsset');
    await auditChild(tx, viewer, 'CREATIVE_ASSET', id, 'UPDATE', assetSnapshot(before), assetSnapshot(after), meta);
    return after;
  });
}

export async function createCreativeAsset(viewer: Viewer | null, input: { campaignId: string } & Record<string, unknown>, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const { campaignId, ...rest } = input;
  const a: CreateAssetInput = parseInput(createAssetSchema, rest, 'Invalid creative asset');
  return inTenantTransaction(viewer, async (tx) => {
    await lockDraft(tx, viewer, campaignId);
    const row = await tx.creativeAsset.create({
      data: {
        ...a,
        description: a.description ?? null,
        width: a.width ?? null,
        height: a.height ?? null,
        durationSeconds: a.durationSeconds ?? null,
        sizeBytes: BigInt(a.sizeBytes),
        campaignId,
        organizationId: viewer.organizationId,
        createdById: viewer.userId,
      },
    });
    await auditChild(tx, viewer, 'CREATIVE_ASSET', row.id, 'CREATE', null, assetSnapshot(row), meta);
    return row;
  });
}

/** Omitted fields stay; the merged asset must still be consistent (type, MIME type, duration). */
export async function updateCreativeAsset(viewer: Viewer | null, input: { creativeAssetId: string } & Record<string, unknown>, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const { creativeAssetId, ...rest } = input;
  const a: UpdateAssetInput = parseInput(updateAssetSchema, rest, 'Invalid creative asset');
  return editAsset(viewer, creativeAssetId, meta, async (_tx, before) => {
    const merged = {
      type: a.type ?? before.type,
      mimeType: a.mimeType ?? before.mimeType,
      durationSeconds: a.durationSeconds !== undefined ? a.durationSeconds : (before.durationSeconds?.toFixed(3) ?? null),
    };
    parseInput(assetConsistencySchema, merged, 'Invalid creative asset');
    return {
      ...(a.name != null ? { name: a.name } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(a.type != null ? { type: a.type } : {}),
      ...(a.url != null ? { url: a.url } : {}),
      ...(a.mimeType != null ? { mimeType: a.mimeType } : {}),
      ...(a.sizeBytes != null ? { sizeBytes: BigInt(a.sizeBytes) } : {}),
      ...(a.width !== undefined ? { width: a.width } : {}),
      ...(a.height !== undefined ? { height: a.height } : {}),
      ...(a.durationSeconds !== undefined ? { durationSeconds: a.durationSeconds } : {}),
    };
  });
}

/** Deactivating the primary brand-lift asset also clears that flag: the primary must be shown. */
export async function setCreativeAssetActive(viewer: Viewer | null, input: { creativeAssetId: string; isActive: boolean }, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return editAsset(viewer, input.creativeAssetId, meta, async () =>
    input.isActive ? { isActive: true } : { isActive: false, isPrimaryForBrandLift: false },
  );
}

/** Assigns the asset to a creator of the same campaign, or detaches it (null). */
export async function assignCreativeAsset(
  viewer: Viewer | null,
  input: { creativeAssetId: string; campaignInfluencerId: string | null },
  meta: CommandMeta = {},
) {
  requireRole(viewer, 'MEMBER');
  return editAsset(viewer, input.creativeAssetId, meta, async (tx, before) => {
    if (input.campaignInfluencerId) {
      const creator = await tx.campaignInfluencer.findFirst({
        where: { id: input.campaignInfluencerId, campaignId: before.campaignId, ...tenantWhere(viewer) },
        select: { id: true },
      });
      if (!creator) {
        throw new ValidationError('Invalid assignment', [
          { path: ['input', 'campaignInfluencerId'], message: 'must be an influencer of the same campaign' },
        ]);
      }
    }
    return { campaignInfluencerId: input.campaignInfluencerId };
  });
}

const ONE_PRIMARY = 'Another asset became the primary brand-lift asset at the same time; reload and try again';

/**
 * Makes the asset the campaign's one primary brand-lift asset, clearing the previous one in the
 * same transaction. The partial unique index is the last line against a concurrent request.
 */
export async function setPrimaryBrandLiftAsset(viewer: Viewer | null, input: { creativeAssetId: string }, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return mapUniqueViolation(ONE_PRIMARY, () =>
    editAsset(viewer, input.creativeAssetId, meta, async (tx, before) => {
      if (!before.isActive) {
        throw new ValidationError('Invalid primary asset', [
          { path: ['input', 'creativeAssetId'], message: 'an inactive asset cannot be the primary brand-lift asset' },
        ]);
      }
      // Clears the previous primary with one update that returns which rows it changed.
      const previous = await tx.creativeAsset.updateManyAndReturn({
        where: { campaignId: before.campaignId, ...tenantWhere(viewer), isPrimaryForBrandLift: true, id: { not: before.id } },
        data: { isPrimaryForBrandLift: false },
        select: { id: true },
      });
      for (const old of previous) {
        await auditChild(tx, viewer, 'CREATIVE_ASSET', old.id, 'UPDATE', { isPrimaryForBrandLift: true }, { isPrimaryForBrandLift: false }, meta);
      }
      return { isPrimaryForBrandLift: true };
    }),
  );
}

export function findCreativeAssetForPayload<Q extends object>(query: Q, viewer: Viewer | null, id: string) {
  return db().creativeAsset.findFirstOrThrow({ ...usable(query), where: { id, ...tenantWhere(viewer) } });
}
