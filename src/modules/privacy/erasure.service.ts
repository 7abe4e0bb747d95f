import { randomUUID } from 'node:crypto';
import { Prisma, type MembershipStatus } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { setTenantInTransaction } from '../../lib/db/tenant-scope';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import { requireRole } from '../../lib/tenancy';
import { recordAudit } from '../audit/audit.service';
import { deleteIdentitiesAfterErasure } from './identity-deletion';

/**
 * Right to deletion (domain.md, "Privacy and compliance"). What happens to each column is listed
 * in personal-data.ts; in short, in the caller's transaction:
 *
 * - User: email, name, imageUrl -> null; clerkUserId -> `erased:<uuid>`; deletedAt set. The row
 *   stays (actor columns reference it, onDelete Restrict) as a pseudonymous actor: nothing links
 *   it to the person any more. A personal-data-free tombstone row keeps the original Clerk id with
 *   deletedAt set, so that id can neither sign in again (viewer-resolver refuses deleted users)
 *   nor be re-created by a late Clerk webhook, and it never re-links to the erased row.
 * - Memberships -> REMOVED; one ERASE audit entry (target USER) per organization of the user.
 * - AuditLog before/after: string values naming the user (their email, their name) -> '[erased]',
 *   under the transaction-local `app.audit_maintenance` switch; actorId is kept.
 * - WebhookEvent: Clerk payloads about the user -> { type, erased: true }.
 * - Campaign contacts, survey responses and lift aggregates are not the user's data: untouched.
 *
 * Idempotent: a user already erased (deletedAt set) is left as is, with no second audit entry.
 * The caller's transaction must bypass row-level security (memberships and audit entries of
 * several organizations): eraseUserById does that. The audit scrub needs UPDATE on AuditLog,
 * which app_runtime does not have (migration 20261125110000_row_level_security revokes it): on a
 * server running as DATABASE_RUNTIME_ROLE it needs `GRANT UPDATE ("before", "after", "updatedAt")
 * ON "AuditLog" TO app_runtime` (the trigger still refuses updates outside the switch).
 */

type Tx = Prisma.TransactionClient;

export interface ErasureActor {
  /** Internal User.id of whoever asked; null for system actions (Clerk webhook). */
  actorId: string | null;
  /** Why, kept in the audit entries (no personal data). */
  reason: string;
  requestId?: string | null;
}

export interface ErasureResult {
  userId: string;
  /** The Clerk id this erasure left on the tombstone (for the deletion at Clerk); null when nothing was erased now. Never exposed. */
  clerkUserId: string | null;
  /** False when the user had already been erased: nothing changed. */
  erased: boolean;
  erasedAt: Date;
  organizations: number;
  auditEntriesScrubbed: number;
  webhookEventsScrubbed: number;
}

export const ERASED = '[erased]';

type Json = Prisma.JsonValue;

/** Replaces string values naming the person; returns the same reference when nothing changed. */
export function scrubJson(value: Json, email: string | null, name: string | null): Json {
  if (typeof value === 'string') {
    let out = value;
    if (email) out = out.replace(new RegExp(escapeRegExp(email), 'gi'), ERASED);
    if (name) {
      // A short name only when it is the whole value (a substring of 'Al' is everywhere).
      if (out.trim().toLowerCase() === name.trim().toLowerCase()) out = ERASED;
      else if (name.trim().length >= 6) out = out.replace(new RegExp(escapeRegExp(name.trim()), 'gi'), ERASED);
    }
    return out === value ? value : out;
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => scrubJson(v, email, name));
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = scrubJson(v as Json, email, name);
      if (out[k] !== v) changed = true;
    }
    return changed ? out : value;
  }
  return value;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function scrubAuditSnapshots(tx: Tx, email: string | null, name: string | null): Promise<number> {
  const needles = [email, name].filter((s): s is string => !!s && s.trim().length > 0).map((s) => s.trim().toLowerCase());
  if (!needles.length) return 0;
  const rows = await tx.$queryRaw<{ id: string; before: Json | null; after: Json | null }[]>`
    SELECT "id", "before", "after" FROM "AuditLog"
    WHERE EXISTS (
      SELECT 1 FROM unnest(${needles}::text[]) AS n(needle)
      WHERE strpos(lower(coalesce("before"::text, '') || ' ' || coalesce("after"::text, '')), n.needle) > 0
    )
    ORDER BY "id" FOR UPDATE`;
  const changes = rows.flatMap((row) => {
    const before = row.before === null ? null : scrubJson(row.before, email, name);
    const after = row.after === null ? null : scrubJson(row.after, email, name);
    return before !== row.before || after !== row.after ? [{ id: row.id, before, after }] : [];
  });
  if (!changes.length) return 0;
  // The append-only trigger lets updates through only under this transaction-local switch,
  // turned off again right after.
  await tx.$executeRaw`SELECT set_config('app.audit_maintenance', 'on', true)`;
  for (const change of changes) {
    await tx.$executeRaw`
      UPDATE "AuditLog" SET "before" = ${change.before === null ? null : JSON.stringify(change.before)}::jsonb,
        "after" = ${change.after === null ? null : JSON.stringify(change.after)}::jsonb, "updatedAt" = now()
      WHERE "id" = ${change.id}::uuid`;
  }
  await tx.$executeRaw`SELECT set_config('app.audit_maintenance', 'off', true)`;
  return changes.length;
}

async function scrubClerkPayloads(tx: Tx, clerkUserId: string): Promise<number> {
  return tx.$executeRaw`
    UPDATE "WebhookEvent" SET "payload" = jsonb_build_object('type', "type", 'erased', true), "updatedAt" = now()
    WHERE "source" = 'CLERK' AND NOT ("payload" ? 'erased') AND (
      ("type" LIKE 'user.%' AND "payload"->'data'->>'id' = ${clerkUserId})
      OR "payload"->'data'->'public_user_data'->>'user_id' = ${clerkUserId}
    )`;
}

export interface EraseOptions {
  /** Refuse (ConflictError) when the user is the only active OWNER of an organization with other active members. */
  keepAnOwner?: boolean;
  /** The account is gone at Clerk already (Clerk's user.deleted): the tombstone needs no deletion there. */
  identityDeleted?: boolean;
}

/**
 * Erases one user in the caller's transaction (which must bypass row-level security).
 *
 * Lock order, the same in every erasure: the active OWNER memberships of the user's organizations
 * (lockOwners), then the user row, then the audit rows to scrub (in id order). Erasures of owners
 * of one organization therefore run one after the other, and no two erasures wait on each other
 * in a cycle.
 */
export async function eraseUser(tx: Tx, userId: string, actor: ErasureActor, options: EraseOptions = {}): Promise<ErasureResult> {
  const owners = await lockOwners(tx, { ownedBy: userId });
  // Locked: a concurrent erasure of the same user waits, then finds it erased and does nothing.
  const [user] = await tx.$queryRaw<
    { id: string; clerkUserId: string; email: string | null; name: string | null; deletedAt: Date | null }[]
  >`SELECT "id", "clerkUserId", "email", "name", "deletedAt" FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
  if (!user) throw new NotFoundError('User');
  if (user.deletedAt) {
    return { userId, clerkUserId: null, erased: false, erasedAt: user.deletedAt, organizations: 0, auditEntriesScrubbed: 0, webhookEventsScrubbed: 0 };
  }
  if (options.keepAnOwner) await refuseLastOwner(tx, userId, owners);

  const erasedAt = new Date();
  const memberships = await tx.userOrganization.findMany({
    where: { userId },
    select: { organizationId: true, status: true },
    orderBy: { createdAt: 'asc' },
  });
  const auditEntriesScrubbed = await scrubAuditSnapshots(tx, user.email, user.name);
  const webhookEventsScrubbed = await scrubClerkPayloads(tx, user.clerkUserId);

  await tx.userOrganization.updateMany({ where: { userId, status: { not: 'REMOVED' } }, data: { status: 'REMOVED' } });
  await tx.user.update({
    where: { id: userId },
    data: { email: null, name: null, imageUrl: null, clerkUserId: `erased:${randomUUID()}`, deletedAt: erasedAt },
  });
  // The tombstone; identityDeletedAt null: the account is still to be deleted at Clerk (identity-deletion.ts).
  await tx.user.createMany({
    data: [{ clerkUserId: user.clerkUserId, deletedAt: erasedAt, identityDeletedAt: options.identityDeleted ? erasedAt : null }],
    skipDuplicates: true,
  });

  for (const membership of memberships) {
    await recordAudit(tx, {
      organizationId: membership.organizationId,
      actorId: actor.actorId,
      action: 'ERASE',
      targetType: 'USER',
      targetId: userId,
      before: { membershipStatus: membership.status satisfies MembershipStatus },
      after: { membershipStatus: 'REMOVED', erased: true, reason: actor.reason },
      keep: 'all',
      requestId: actor.requestId ?? null,
    });
  }
  return { userId, clerkUserId: user.clerkUserId, erased: true, erasedAt, organizations: memberships.length, auditEntriesScrubbed, webhookEventsScrubbed };
}

/** Opens the transaction (row-level security bypassed, logged with the reason) and erases. */
export function eraseUserById(userId: string, actor: ErasureActor, options: EraseOptions = {}): Promise<ErasureResult> {
  return db().$transaction(async (tx) => {
    await setTenantInTransaction(tx, { bypass: true, reason: `erase user: ${actor.reason}` });
    return eraseUser(tx, userId, actor, options);
  });
}

/**
 * eraseMyAccount: the signed-in user erases themselves; `confirm` must be true. The only active
 * OWNER of an organization that has other active members is refused (ConflictError, nothing
 * changes): the organization would be left with members and nobody to administer it. They make
 * another member an owner first (in Clerk; roles sync from there). Clerk's `user.deleted` is not
 * refused: the account is already gone there.
 */
export async function eraseMyAccount(viewer: Viewer | null, confirm: boolean, requestId?: string | null): Promise<ErasureResult> {
  if (!viewer) throw new ForbiddenError('Sign in to erase your account');
  if (confirm !== true) {
    throw new ValidationError('Erasing your account cannot be undone: confirm it', [
      { path: ['input', 'confirm'], message: 'must be true' },
    ]);
  }
  const result = await eraseUserById(viewer.userId, { actorId: viewer.userId, reason: 'erased by the user', requestId }, { keepAnOwner: true });
  await deleteIdentityAfterErasure(result);
  return result;
}

type OwnerRow = { organizationId: string; userId: string };

/**
 * Locks, in id order, the ACTIVE OWNER memberships of the organizations `ownedBy` owns (or of one
 * organization) and returns them. Taken first by every erasure, so two erasures touching owners of
 * the same organization serialize: the second waits, and its re-checked rows no longer include a
 * membership the first one REMOVED.
 */
async function lockOwners(tx: Tx, of: { ownedBy: string } | { organizationId: string }): Promise<OwnerRow[]> {
  const organizations =
    'ownedBy' in of
      ? Prisma.sql`SELECT "organizationId" FROM "UserOrganization" WHERE "userId" = ${of.ownedBy}::uuid AND "role" = 'OWNER' AND "status" = 'ACTIVE'`
      : Prisma.sql`SELECT ${of.organizationId}::uuid`;
  return tx.$queryRaw<OwnerRow[]>`
    SELECT "organizationId"::text AS "organizationId", "userId"::text AS "userId" FROM "UserOrganization"
    WHERE "role" = 'OWNER' AND "status" = 'ACTIVE' AND "organizationId" IN (${organizations})
    ORDER BY "id" FOR UPDATE`;
}

/**
 * Throws ConflictError when `userId` is the only active OWNER (among the locked `owners`) of an
 * organization with other active members. A membership that turns ACTIVE at this very moment (a
 * Clerk webhook) is not seen: memberships are created and activated without these locks.
 */
async function refuseLastOwner(tx: Tx, userId: string, owners: OwnerRow[]): Promise<void> {
  const soleOwnerOf = [...new Set(owners.map((o) => o.organizationId))].filter(
    (org) => !owners.some((o) => o.organizationId === org && o.userId !== userId),
  );
  if (!soleOwnerOf.length) return;
  const withMembers = await tx.userOrganization.count({
    where: { organizationId: { in: soleOwnerOf }, userId: { not: userId }, status: 'ACTIVE' },
  });
  if (withMembers > 0) {
    throw new ConflictError(
      'You are the only owner of an organization that has other members: make another member an owner first',
    );
  }
}

/**
 * eraseMember: an OWNER erases a member of their organization. A user who is not a member of it
 * (whether or not they exist elsewhere) is NotFound. A user with an ACTIVE or INVITED membership
 * of another organization is refused: that organization holds data about them too, and only the
 * user (eraseMyAccount) may erase an account shared across organizations.
 */
export async function eraseMember(viewer: Viewer | null, userId: string, requestId?: string | null): Promise<ErasureResult> {
  requireRole(viewer, 'OWNER');
  if (userId === viewer.userId) throw new ForbiddenError('Owners erase their own account with eraseMyAccount');
  const organizationId = viewer.organizationId;
  const result = await db().$transaction(async (tx) => {
    await setTenantInTransaction(tx, { bypass: true, reason: 'erase member: membership check across organizations' });
    // The organization's owners first (the lock order of every erasure), and the caller must still
    // be one: two owners erasing each other at once cannot both succeed.
    const owners = await lockOwners(tx, { organizationId });
    if (!owners.some((o) => o.userId === viewer.userId)) throw new ForbiddenError('Requires the OWNER role or higher');
    const membership = await tx.userOrganization.findUnique({
      where: { userId_organizationId: { userId, organizationId } },
      select: { id: true },
    });
    if (!membership) throw new NotFoundError('Member');
    const elsewhere = await tx.userOrganization.count({
      where: { userId, organizationId: { not: organizationId }, status: { in: ['ACTIVE', 'INVITED'] } },
    });
    if (elsewhere > 0) {
      throw new ForbiddenError(
        'This member also belongs to another organization: remove them from this one instead; only they can erase their account',
      );
    }
    return eraseUser(tx, userId, { actorId: viewer.userId, reason: 'erased by an organization owner', requestId });
  });
  await deleteIdentityAfterErasure(result);
  return result;
}

/** After the erasure committed: the account at Clerk too, now if Clerk answers, else by the job (identity-deletion.ts). */
async function deleteIdentityAfterErasure(result: ErasureResult): Promise<void> {
  if (result.clerkUserId) await deleteIdentitiesAfterErasure([result.clerkUserId]); // never throws
}
