import { z } from 'zod';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { ConflictError, NotFoundError } from '../../lib/errors';
import { requireRole, tenantNodeWhere, tenantWhere, type TenantViewer } from '../../lib/tenancy';
import { auditedBy, recordAudit } from '../audit/audit.service';
import { inTenantTransaction, mapUniqueViolation, parseInput, usable, type CommandMeta, type Tx } from '../common/service';
import { isUuid } from '../common/ids';

/**
 * Saved creator lists: tenant-private (organizationId, row-level security). Reads need VIEWER,
 * writes MEMBER. Every read and write goes through the tenant filter; every write runs in one
 * transaction with the tenant scope set and its audit entry recorded before commit. A list or item
 * of another organization is NotFound, exactly like one that does not exist.
 */

export const MAX_LIST_NAME = 100;
export const MAX_LIST_DESCRIPTION = 1000;
export const MAX_NOTE = 2000;


type Query = Omit<Prisma.InfluencerListFindManyArgs, 'where' | 'orderBy'>;
type UniqueQuery = Omit<Prisma.InfluencerListFindFirstArgs, 'where'>;

const name = z.string().trim().min(1, 'must not be empty').max(MAX_LIST_NAME, `at most ${MAX_LIST_NAME} characters`);
const description = z
  .string()
  .trim()
  .max(MAX_LIST_DESCRIPTION, `at most ${MAX_LIST_DESCRIPTION} characters`)
  .nullish()
  .transform((v) => (v === '' ? null : v));
const note = z
  .string()
  .trim()
  .max(MAX_NOTE, `at most ${MAX_NOTE} characters`)
  .nullish()
  .transform((v) => (v === '' ? null : v));

const DUPLICATE_NAME = 'A list with this name already exists in your organization';
const ALREADY_IN_LIST = 'The creator is already in this list';

async function loadList(tx: Tx, viewer: TenantViewer, listId: string) {
  const list = await tx.influencerList.findFirst({ where: tenantNodeWhere(listId, viewer) });
  if (!list) throw new NotFoundError('InfluencerList');
  return list;
}

async function loadItem(tx: Tx, viewer: TenantViewer, listId: string, creatorId: string) {
  await loadList(tx, viewer, listId);
  const item = await tx.influencerListItem.findFirst({
    where: { listId, marketplaceInfluencerId: creatorId, ...tenantWhere(viewer) },
  });
  if (!item) throw new NotFoundError('InfluencerListItem');
  return item;
}

const listSnapshot = (l: { name: string; description: string | null }) => ({ name: l.name, description: l.description });
const itemSnapshot = (i: { listId: string; marketplaceInfluencerId: string; note: string | null }) => ({
  listId: i.listId,
  marketplaceInfluencerId: i.marketplaceInfluencerId,
  note: i.note,
});

// ---------------------------------------------------------------- reads

export function listInfluencerLists(query: Query, viewer: Viewer | null) {
  requireRole(viewer, 'VIEWER');
  return db().influencerList.findMany({
    ...query,
    where: tenantWhere(viewer),
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    relationLoadStrategy: 'join',
  });
}

export function countInfluencerLists(viewer: Viewer | null) {
  requireRole(viewer, 'VIEWER');
  return db().influencerList.count({ where: tenantWhere(viewer) });
}

/** One list of the viewer's organization, or null (missing, foreign and malformed ids alike). */
export async function findInfluencerList(query: UniqueQuery, viewer: Viewer | null, id: string) {
  requireRole(viewer, 'VIEWER');
  return db().influencerList.findFirst({ ...query, where: tenantNodeWhere(id, viewer), relationLoadStrategy: 'join' });
}


export function findListForPayload<Q extends object>(query: Q, viewer: Viewer | null, id: string) {
  return db().influencerList.findFirstOrThrow({ ...usable(query), where: { id, ...tenantWhere(viewer) } });
}

export function findListItemForPayload<Q extends object>(query: Q, viewer: Viewer | null, id: string) {
  return db().influencerListItem.findFirstOrThrow({ ...usable(query), where: { id, ...tenantWhere(viewer) } });
}

// ---------------------------------------------------------------- writes

export async function createInfluencerList(
  viewer: Viewer | null,
  input: { name: string; description?: string | null },
  meta: CommandMeta = {},
) {
  requireRole(viewer, 'MEMBER');
  const data = parseInput(z.object({ name, description }), input, 'Invalid list');
  return mapUniqueViolation(DUPLICATE_NAME, () =>
    inTenantTransaction(viewer, async (tx) => {
      const existing = await tx.influencerList.findFirst({ where: { name: data.name, ...tenantWhere(viewer) }, select: { id: true } });
      if (existing) throw new ConflictError(DUPLICATE_NAME);
      const list = await tx.influencerList.create({
        data: { organizationId: viewer.organizationId, createdById: viewer.userId, name: data.name, description: data.description ?? null },
      });
      await recordAudit(tx, {
        ...auditedBy(viewer, meta),
        action: 'CREATE',
        targetType: 'INFLUENCER_LIST',
        targetId: list.id,
        after: listSnapshot(list),
      });
      return list;
    }),
  );
}

/** Renames a list; description: omitted stays, null clears. */
export async function renameInfluencerList(
  viewer: Viewer | null,
  input: { listId: string; name: string; description?: string | null },
  meta: CommandMeta = {},
) {
  requireRole(viewer, 'MEMBER');
  const { listId, ...rest } = input;
  const data = parseInput(z.object({ name, description: description.optional() }), rest, 'Invalid list');
  return mapUniqueViolation(DUPLICATE_NAME, () =>
    inTenantTransaction(viewer, async (tx) => {
      const before = await loadList(tx, viewer, listId);
      const clash = await tx.influencerList.findFirst({
        where: { name: data.name, id: { not: before.id }, ...tenantWhere(viewer) },
        select: { id: true },
      });
      if (clash) throw new ConflictError(DUPLICATE_NAME);
      await tx.influencerList.updateMany({
        where: { id: before.id, ...tenantWhere(viewer) },
        data: { name: data.name, ...('description' in rest ? { description: data.description ?? null } : {}) },
      });
      const after = await loadList(tx, viewer, before.id);
      await recordAudit(tx, {
        ...auditedBy(viewer, meta),
        action: 'UPDATE',
        targetType: 'INFLUENCER_LIST',
        targetId: before.id,
        before: listSnapshot(before),
        after: listSnapshot(after),
      });
      return after;
    }),
  );
}

/** Deletes a list with its items; the creators themselves stay. */
export async function deleteInfluencerList(viewer: Viewer | null, input: { listId: string }, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return inTenantTransaction(viewer, async (tx) => {
    const before = await loadList(tx, viewer, input.listId);
    const items = await tx.influencerListItem.count({ where: { listId: before.id, ...tenantWhere(viewer) } });
    await tx.influencerListItem.deleteMany({ where: { listId: before.id, ...tenantWhere(viewer) } });
    await tx.influencerList.deleteMany({ where: { id: before.id, ...tenantWhere(viewer) } });
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'DELETE',
      targetType: 'INFLUENCER_LIST',
      targetId: before.id,
      before: { ...listSnapshot(before), items },
    });
    return { id: before.id };
  });
}

export async function addInfluencerToList(
  viewer: Viewer | null,
  input: { listId: string; creatorId: string; note?: string | null },
  meta: CommandMeta = {},
) {
  requireRole(viewer, 'MEMBER');
  const data = parseInput(z.object({ note }), { note: input.note }, 'Invalid list item');
  return mapUniqueViolation(ALREADY_IN_LIST, () =>
    inTenantTransaction(viewer, async (tx) => {
      const list = await loadList(tx, viewer, input.listId);
      // Marketplace creators are public rows shared by every tenant.
      const creator = isUuid(input.creatorId)
        ? await tx.marketplaceInfluencer.findUnique({ where: { id: input.creatorId }, select: { id: true } })
        : null;
      if (!creator) throw new NotFoundError('MarketplaceInfluencer');
      const existing = await tx.influencerListItem.findFirst({
        where: { listId: list.id, marketplaceInfluencerId: creator.id, ...tenantWhere(viewer) },
        select: { id: true },
      });
      if (existing) throw new ConflictError(ALREADY_IN_LIST);
      const item = await tx.influencerListItem.create({
        data: {
          organizationId: viewer.organizationId,
          listId: list.id,
          marketplaceInfluencerId: creator.id,
          addedById: viewer.userId,
          note: data.note ?? null,
        },
      });
      await recordAudit(tx, {
        ...auditedBy(viewer, meta),
        action: 'CREATE',
        targetType: 'INFLUENCER_LIST_ITEM',
        targetId: item.id,
        after: itemSnapshot(item),
      });
      return item;
    }),
  );
}

/** Sets (or, with null or empty text, clears) the note on a creator of a list. */
export async function updateInfluencerListNote(
  viewer: Viewer | null,
  input: { listId: string; creatorId: string; note?: string | null },
  meta: CommandMeta = {},
) {
  requireRole(viewer, 'MEMBER');
  const data = parseInput(z.object({ note }), { note: input.note }, 'Invalid list item');
  return inTenantTransaction(viewer, async (tx) => {
    const before = await loadItem(tx, viewer, input.listId, input.creatorId);
    await tx.influencerListItem.updateMany({ where: { id: before.id, ...tenantWhere(viewer) }, data: { note: data.note ?? null } });
    const after = { ...before, note: data.note ?? null };
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'UPDATE',
      targetType: 'INFLUENCER_LIST_ITEM',
      targetId: before.id,
      before: itemSnapshot(before),
      after: itemSnapshot(after),
    });
    return after;
  });
}

export async function removeInfluencerFromList(
  viewer: Viewer | null,
  input: { listId: string; creatorId: string },
  meta: CommandMeta = {},
) {
  requireRole(viewer, 'MEMBER');
  return inTenantTransaction(viewer, async (tx) => {
    const before = await loadItem(tx, viewer, input.listId, input.creatorId);
    await tx.influencerListItem.deleteMany({ where: { id: before.id, ...tenantWhere(viewer) } });
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'DELETE',
      targetType: 'INFLUENCER_LIST_ITEM',
      targetId: before.id,
      before: itemSnapshot(before),
    });
    return { listId: before.listId };
  });
}
