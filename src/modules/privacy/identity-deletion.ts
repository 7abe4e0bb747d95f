import { createClerkClient } from '@clerk/backend';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { db } from '../../lib/db/client';
import { env, type Env } from '../../lib/env';
import { logger } from '../../lib/logger';
import { withTimeout } from '../../lib/timeout';

/**
 * Erasure here (erasure.service.ts) also deletes the person's account at Clerk, which holds their
 * email and name as our processor. The erasure's transaction leaves a tombstone row with the Clerk
 * id and `identityDeletedAt` null; the Clerk call happens after it commits (an HTTP call is never
 * made inside a database transaction) and marks the tombstone. A call that fails stays to do: the
 * job (`npm run jobs:identity-deletions`, and every IDENTITY_DELETION_INTERVAL_MINUTES inside the
 * server) tries again. Clerk's own `user.deleted` webhook leaves the tombstone marked already.
 *
 * Deleting twice is harmless (Clerk answers 404, counted as done), so concurrent runs need no lock.
 */

/** Deletes one account at the identity provider; resolves when it is gone (or was already). */
export type IdentityDeleter = (clerkUserId: string) => Promise<void>;

const CALL_TIMEOUT_MS = 5_000;

/** The Clerk Backend API deleter, or null without CLERK_SECRET_KEY (dev keys: nothing at Clerk to delete). */
export function clerkIdentityDeleter(
  settings: Pick<Env, 'CLERK_SECRET_KEY' | 'CLERK_API_URL'> = env(),
): IdentityDeleter | null {
  if (!settings.CLERK_SECRET_KEY) return null;
  const clerk = createClerkClient({
    secretKey: settings.CLERK_SECRET_KEY,
    ...(settings.CLERK_API_URL ? { apiUrl: settings.CLERK_API_URL } : {}),
  });
  return async (clerkUserId) => {
    try {
      await withTimeout(clerk.users.deleteUser(clerkUserId), CALL_TIMEOUT_MS, `Clerk did not answer within ${CALL_TIMEOUT_MS} ms`);
    } catch (error) {
      if (isUserNotFound(error)) return; // already gone at Clerk
      throw error;
    }
  };
}

/**
 * Clerk's answer for a user it does not have: a 404 with the `resource_not_found` code. Any other
 * 404 (a proxy path that does not exist, a wrong API URL) is a failure to retry, not a deletion.
 */
function isUserNotFound(error: unknown): boolean {
  return isClerkAPIResponseError(error) && error.status === 404 && error.errors.some((e) => e.code === 'resource_not_found');
}

export interface IdentityDeletionReport {
  deleted: number;
  failed: number;
}

/**
 * Deletes at Clerk the accounts of erased users still to do (oldest erasure first, at most
 * `limit`), marking each tombstone once Clerk confirms. Failures are logged (with the tombstone's
 * row id, never the Clerk id) and left for the next run.
 */
export async function deletePendingIdentities(
  deleter: IdentityDeleter,
  { limit = 100, clerkUserIds, now = () => new Date() }: { limit?: number; clerkUserIds?: string[]; now?: () => Date } = {},
): Promise<IdentityDeletionReport> {
  const pending = await db().user.findMany({
    where: {
      deletedAt: { not: null },
      identityDeletedAt: null,
      NOT: { clerkUserId: { startsWith: 'erased:' } },
      ...(clerkUserIds ? { clerkUserId: { in: clerkUserIds } } : {}),
    },
    select: { id: true, clerkUserId: true },
    // Least recently tried first: a failed attempt touches updatedAt, so rows that keep failing
    // go to the back and never hold up newer erasures.
    orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  const report: IdentityDeletionReport = { deleted: 0, failed: 0 };
  for (const row of pending) {
    try {
      await deleter(row.clerkUserId);
      await db().user.updateMany({ where: { id: row.id, identityDeletedAt: null }, data: { identityDeletedAt: now() } });
      report.deleted += 1;
    } catch (err) {
      report.failed += 1;
      logger.warn({ err, tombstoneId: row.id }, 'identity deletion at Clerk failed; the job will try again');
      await db().user.updateMany({ where: { id: row.id, identityDeletedAt: null }, data: { updatedAt: now() } });
    }
  }
  return report;
}

/**
 * After an erasure committed: these accounts deleted at Clerk now, if Clerk is configured. A
 * failure is logged and left to the job; the erasure itself stands either way.
 */
export async function deleteIdentitiesAfterErasure(
  clerkUserIds: string[],
  deleter?: IdentityDeleter | null,
): Promise<IdentityDeletionReport | null> {
  try {
    const using = deleter === undefined ? defaultDeleter() : deleter;
    return using ? await deletePendingIdentities(using, { clerkUserIds }) : null;
  } catch (err) {
    logger.warn({ err }, 'identity deletion after erasure failed; the job will try again');
    return null;
  }
}

let cachedDeleter: IdentityDeleter | null | undefined;
/**
 * The Clerk deleter of this process's settings (env() is read once), built on first use; null
 * without CLERK_SECRET_KEY. Shared by the erasures and the server's retry timer.
 */
export function defaultDeleter(): IdentityDeleter | null {
  if (cachedDeleter === undefined) cachedDeleter = clerkIdentityDeleter();
  return cachedDeleter;
}
