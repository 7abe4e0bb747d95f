import { z } from 'zod';
import type { MembershipRole, MembershipStatus, Prisma } from '../../generated/prisma/client.ts';
import { membershipRoleFromClerk } from '../../lib/auth/clerk';
import { db } from '../../lib/db/client';
import { setTenantInTransaction } from '../../lib/db/tenant-scope';
import { ensureOrganizationRow, placeholderOrgSlug } from '../../lib/identity';
import { logger } from '../../lib/logger';
import { recordAudit } from '../audit/audit.service';
import { eraseUser } from '../privacy/erasure.service';

/**
 * Applies one verified Clerk webhook delivery (no HTTP here; see clerk-webhook.route.ts).
 *
 * - Idempotent: the delivery is recorded in WebhookEvent (source CLERK, deliveryId = svix-id) with
 *   ON CONFLICT DO NOTHING in the same transaction as its effects. A repeated delivery finds the
 *   row and changes nothing; a failed handling rolls the record back, so Svix's retry is applied.
 * - Out of order: rows are created insert-if-absent (createMany + skipDuplicates) and then
 *   updated, so a membership event before its user or organization makes placeholder rows that
 *   the later user/organization events fill in.
 * - Ordering between events of one object is last-write-wins: Clerk sends full objects, so the
 *   newest delivery processed decides. Deletion is the exception: a deleted user or organization
 *   (deletedAt set) is never updated again, so a late user.updated cannot bring back erased data.
 */

export type ClerkEventInput = { type: string; data: unknown };

export type ClerkEventOutcome =
  | { status: 'duplicate' }
  | { status: 'ignored'; type: string }
  | { status: 'applied'; type: string };

/** A signed delivery whose data does not have the shape its type promises. */
export class ClerkPayloadError extends Error {
  override name = 'ClerkPayloadError';
}

type Tx = Prisma.TransactionClient;

const nullableString = z.string().nullish();

const userData = z.object({
  id: z.string().min(1),
  first_name: nullableString,
  last_name: nullableString,
  image_url: nullableString,
  primary_email_address_id: nullableString,
  email_addresses: z.array(z.object({ id: z.string(), email_address: z.string() })).nullish(),
});

const deletedData = z.object({ id: z.string().min(1) });

const organizationData = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  slug: nullableString,
});

const membershipData = z.object({
  role: nullableString,
  organization: z.object({ id: z.string().min(1), name: nullableString, slug: nullableString }),
  public_user_data: z.object({ user_id: z.string().min(1) }),
  /** Milliseconds since the epoch of Clerk's last change to the membership. */
  updated_at: z.number().int().nonnegative().nullish(),
});

function parse<T extends z.ZodType>(schema: T, data: unknown, type: string): z.infer<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const where = result.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new ClerkPayloadError(`${type}: unexpected data at ${where}`);
  }
  return result.data;
}

function fullName(first?: string | null, last?: string | null): string | null {
  const name = [first, last].map((s) => s?.trim()).filter(Boolean).join(' ');
  return name || null;
}

function primaryEmail(user: z.infer<typeof userData>): string | null {
  const emails = user.email_addresses ?? [];
  const primary = emails.find((e) => e.id === user.primary_email_address_id);
  return primary?.email_address ?? null;
}

// ---------------------------------------------------------------- users

async function ensureUserRow(tx: Tx, clerkUserId: string) {
  await tx.user.createMany({ data: [{ clerkUserId }], skipDuplicates: true });
  return tx.user.findUniqueOrThrow({ where: { clerkUserId }, select: { id: true } });
}

async function upsertUser(tx: Tx, data: unknown, type: string) {
  const user = parse(userData, data, type);
  const fields = {
    email: primaryEmail(user),
    name: fullName(user.first_name, user.last_name),
    imageUrl: user.image_url ?? null,
  };
  await tx.user.createMany({ data: [{ clerkUserId: user.id, ...fields }], skipDuplicates: true });
  // A deleted (erased) user stays erased.
  await tx.user.updateMany({ where: { clerkUserId: user.id, deletedAt: null }, data: fields });
}

async function deleteUser(tx: Tx, data: unknown, type: string) {
  const { id } = parse(deletedData, data, type);
  const user = await tx.user.findUnique({ where: { clerkUserId: id }, select: { id: true, deletedAt: true } });
  // Right to deletion (privacy/erasure.service.ts): anonymizes the row and leaves a tombstone with this Clerk id.
  // The account is gone at Clerk: the tombstone needs no deletion there (privacy/identity-deletion.ts).
  if (user && !user.deletedAt) await eraseUser(tx, user.id, { actorId: null, reason: 'clerk user.deleted' }, { identityDeleted: true });
  // Erased here before: Clerk confirms the deletion the erasure asked for.
  else if (user) await tx.user.updateMany({ where: { id: user.id, identityDeletedAt: null }, data: { identityDeletedAt: new Date() } });
  // A tombstone when the user never reached us, so a late user.created cannot create it.
  else {
    const now = new Date();
    await tx.user.createMany({ data: [{ clerkUserId: id, deletedAt: now, identityDeletedAt: now }], skipDuplicates: true });
  }
}

// ---------------------------------------------------------------- organizations

async function upsertOrganization(tx: Tx, data: unknown, type: string) {
  const org = parse(organizationData, data, type);
  if (org.slug) {
    // Clerk slugs are unique: another row holding this slug was renamed in Clerk and its own
    // update has not arrived yet. It gets its placeholder until then.
    const holder = await tx.organization.findFirst({
      where: { slug: org.slug, clerkOrgId: { not: org.id } },
      select: { id: true, clerkOrgId: true },
    });
    if (holder) {
      await tx.organization.update({ where: { id: holder.id }, data: { slug: placeholderOrgSlug(holder.clerkOrgId) } });
    }
  }
  await ensureOrganizationRow(tx, { clerkOrgId: org.id, name: org.name, slug: org.slug });
  await tx.organization.updateMany({
    where: { clerkOrgId: org.id, deletedAt: null },
    data: { name: org.name, ...(org.slug ? { slug: org.slug } : {}) },
  });
}

async function deleteOrganization(tx: Tx, data: unknown, type: string) {
  const { id } = parse(deletedData, data, type);
  await ensureOrganizationRow(tx, { clerkOrgId: id });
  await tx.organization.updateMany({ where: { clerkOrgId: id, deletedAt: null }, data: { deletedAt: new Date() } });
}

// ---------------------------------------------------------------- memberships

/**
 * Svix may deliver a membership's events out of order. A delivery describing an older state than
 * the one applied (Clerk's updated_at) changes nothing; on equal times a removal wins, so a late
 * `created` or `updated` can never reactivate a membership that was deleted. A delivery without
 * updated_at is applied as the newest.
 */
function isStale(current: { status: MembershipStatus; clerkUpdatedAt: Date | null }, changedAt: Date | null, removed: boolean) {
  if (!changedAt || !current.clerkUpdatedAt) return false;
  const delta = changedAt.getTime() - current.clerkUpdatedAt.getTime();
  return delta < 0 || (delta === 0 && current.status === 'REMOVED' && !removed);
}

async function applyMembership(tx: Tx, data: unknown, type: string, removed: boolean) {
  const membership = parse(membershipData, data, type);
  const user = await ensureUserRow(tx, membership.public_user_data.user_id);
  const org = await ensureOrganizationRow(tx, {
    clerkOrgId: membership.organization.id,
    name: membership.organization.name,
    slug: membership.organization.slug,
  });
  const after: { role: MembershipRole; status: MembershipStatus } = {
    role: membershipRoleFromClerk(membership.role),
    status: removed ? 'REMOVED' : 'ACTIVE',
  };

  const changedAt = membership.updated_at == null ? null : new Date(membership.updated_at);

  const inserted = await tx.userOrganization.createMany({
    data: [{ userId: user.id, organizationId: org.id, ...after, clerkUpdatedAt: changedAt }],
    skipDuplicates: true,
  });
  // Locked, so a concurrent delivery for the same membership reads the state this one leaves.
  const [current] = await tx.$queryRaw<
    { id: string; role: MembershipRole; status: MembershipStatus; clerkUpdatedAt: Date | null }[]
  >`
    SELECT "id", "role", "status", "clerkUpdatedAt" FROM "UserOrganization"
    WHERE "userId" = ${user.id}::uuid AND "organizationId" = ${org.id}::uuid
    FOR UPDATE`;
  if (!current) throw new Error('membership row vanished');

  let before: { role: MembershipRole; status: MembershipStatus } | null = null;
  if (inserted.count === 0) {
    if (isStale(current, changedAt, removed)) return;
    before = { role: current.role, status: current.status };
    const clerkUpdatedAt = changedAt ?? current.clerkUpdatedAt;
    if (before.role === after.role && before.status === after.status) {
      await tx.userOrganization.update({ where: { id: current.id }, data: { clerkUpdatedAt } });
      return;
    }
    await tx.userOrganization.update({ where: { id: current.id }, data: { ...after, clerkUpdatedAt } });
  }
  await recordAudit(tx, {
    organizationId: org.id,
    actorId: null,
    action: 'MEMBERSHIP_CHANGE',
    targetType: 'MEMBERSHIP',
    targetId: current.id,
    before,
    after,
    keep: 'all',
  });
}

// ---------------------------------------------------------------- dispatch

const handlers: Record<string, (tx: Tx, data: unknown, type: string) => Promise<void>> = {
  'user.created': upsertUser,
  'user.updated': upsertUser,
  'user.deleted': deleteUser,
  'organization.created': upsertOrganization,
  'organization.updated': upsertOrganization,
  'organization.deleted': deleteOrganization,
  'organizationMembership.created': (tx, data, type) => applyMembership(tx, data, type, false),
  'organizationMembership.updated': (tx, data, type) => applyMembership(tx, data, type, false),
  'organizationMembership.deleted': (tx, data, type) => applyMembership(tx, data, type, true),
};

/**
 * Applies a verified Clerk event once per delivery id, in one transaction. Types we do not sync
 * are recorded and acknowledged. Throws ClerkPayloadError (nothing stored) on malformed data.
 */
export async function handleClerkEvent(event: ClerkEventInput, deliveryId: string): Promise<ClerkEventOutcome> {
  const handler = handlers[event.type];
  return db().$transaction(async (tx) => {
    // Clerk events span tenants (organizations, memberships, their audit entries): row-level security bypassed.
    await setTenantInTransaction(tx, { bypass: true, reason: `clerk webhook ${event.type}` });
    const recorded = await tx.webhookEvent.createMany({
      data: [
        {
          source: 'CLERK',
          deliveryId,
          type: event.type,
          payload: event as unknown as Prisma.InputJsonValue,
          processedAt: new Date(),
        },
      ],
      skipDuplicates: true,
    });
    if (recorded.count === 0) return { status: 'duplicate' } as const;
    if (!handler) {
      logger.debug({ type: event.type, deliveryId }, 'clerk webhook type not synced');
      return { status: 'ignored', type: event.type } as const;
    }
    await handler(tx, event.data, event.type);
    return { status: 'applied', type: event.type } as const;
  });
}
