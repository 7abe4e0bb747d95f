import { GraphQLError } from 'graphql';
import { db } from '../db/client';
import { runWithRlsBypass, setTenantInTransaction } from '../db/tenant-scope';
import { ensureOrganizationRow } from '../identity';
import { recordAudit } from '../../modules/audit/audit.service';
import { logger } from '../logger';
import {
  AuthenticationError,
  membershipRoleFromClerk,
  verificationMode,
  verifySessionToken,
  type ClerkSettings,
  type SessionClaims,
} from './clerk';
import type { Viewer, ViewerResolver } from './viewer';

/** Missing header: anonymous. Present but not `Bearer <token>`: bad credentials, not anonymous. */
function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization')?.trim();
  if (!header) return null;
  const match = /^Bearer +([^\s]+)$/i.exec(header);
  if (!match) throw new AuthenticationError('malformed', 'expected "Authorization: Bearer <token>"');
  return match[1]!;
}

function unauthenticated(error: AuthenticationError): GraphQLError {
  // A GraphQLError is not masked by yoga, and `http` sets the response status and headers.
  return new GraphQLError(`Not authenticated: ${error.message}`, {
    extensions: {
      code: 'UNAUTHENTICATED',
      reason: error.reason,
      http: { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
    },
  });
}

// The lazy creation below inserts with ON CONFLICT DO NOTHING (createMany + skipDuplicates) and
// reads back: two first requests racing each other both end up with the one row, and an
// existing row (a REMOVED membership above all) is never overwritten from token claims.

async function ensureUser(claims: SessionClaims) {
  const where = { clerkUserId: claims.clerkUserId };
  const select = { id: true, deletedAt: true } as const;
  const found = await db().user.findUnique({ where, select });
  if (found) return found;
  await db().user.createMany({
    data: [{ clerkUserId: claims.clerkUserId, email: claims.email ?? null, name: claims.name ?? null }],
    skipDuplicates: true,
  });
  return db().user.findUniqueOrThrow({ where, select });
}

async function ensureMembership(userId: string, organizationId: string, clerkRole: string | null) {
  const where = { userId_organizationId: { userId, organizationId } };
  const select = { id: true, role: true, status: true } as const;
  const found = await db().userOrganization.findUnique({ where, select });
  if (found) return found;
  // First sight of this membership (its webhook has not arrived): create it and audit the change
  // in one transaction. A concurrent first request inserts nothing and writes no second entry.
  return db().$transaction(async (tx) => {
    await setTenantInTransaction(tx, { bypass: true, reason: 'create membership from session claims' });
    const after = { role: membershipRoleFromClerk(clerkRole), status: 'ACTIVE' as const };
    const { count } = await tx.userOrganization.createMany({
      data: [{ userId, organizationId, ...after }],
      skipDuplicates: true,
    });
    const membership = await tx.userOrganization.findUniqueOrThrow({ where, select });
    if (count === 1) {
      await recordAudit(tx, {
        organizationId,
        actorId: null,
        action: 'MEMBERSHIP_CHANGE',
        targetType: 'MEMBERSHIP',
        targetId: membership.id,
        before: null,
        after,
        keep: 'all',
      });
    }
    return membership;
  });
}

/**
 * Translates verified Clerk claims to internal ids. The token only names the active
 * organization; membership and role always come from our database, read on every request, so
 * a removal or a downgrade takes effect at once.
 */
export async function viewerFromClaims(claims: SessionClaims): Promise<Viewer> {
  // Runs before the tenant is known. The lookup bypasses row-level security inside its own SQL
  // function (one statement, no transaction: migration 20261125160000); creating what is missing
  // bypasses it explicitly and logged (resolveViewerRows).
  return resolveViewerRows(claims, await lookupViewerRow(claims));
}

/** Creates what the lookup found missing, with row-level security bypassed (and logged). */
const creating = <T>(create: () => Promise<T>): Promise<T> => runWithRlsBypass('session viewer rows missing: create them', create);

interface ViewerRow {
  userId: string;
  userDeletedAt: Date | null;
  organizationId: string | null;
  organizationDeletedAt: Date | null;
  role: Viewer['role'];
  status: string | null;
}

/**
 * User, organization (of the claims) and membership in one statement (the SQL function
 * app_session_lookup); the parts that exist. In the common case all three do and this is the
 * whole lookup.
 */
async function lookupViewerRow(claims: SessionClaims): Promise<ViewerRow | undefined> {
  const rows = await db().$queryRaw<ViewerRow[]>`
    SELECT * FROM app_session_lookup(${claims.clerkUserId}, ${claims.org?.clerkOrgId ?? null}::text)`;
  return rows[0];
}

/** The rows still missing after the lookup created on first sight (ensure*), then the access rules once. */
async function resolveViewerRows(claims: SessionClaims, row: ViewerRow | undefined): Promise<Viewer> {
  // An erased user (or its tombstone) is refused before anything is created.
  if (row?.userDeletedAt) throw new AuthenticationError('revoked');
  const [user, org] = await Promise.all([
    row ? { id: row.userId, deletedAt: row.userDeletedAt } : creating(() => ensureUser(claims)),
    !claims.org
      ? null
      : row?.organizationId
        ? { id: row.organizationId, deletedAt: row.organizationDeletedAt }
        : creating(() => ensureOrganizationRow(db(), claims.org!)),
  ]);
  if (user.deletedAt) throw new AuthenticationError('revoked');
  const outside: Viewer = { userId: user.id, organizationId: null, role: null };
  if (!org || org.deletedAt || !claims.org) return outside;
  const membership = row?.status
    ? { status: row.status, role: row.role }
    : await creating(() => ensureMembership(user.id, org.id, claims.org!.role));
  if (membership.status !== 'ACTIVE') return outside;
  return { userId: user.id, organizationId: org.id, role: membership.role };
}

/**
 * The production ViewerResolver: `Authorization: Bearer <Clerk session token>` to a Viewer.
 * No header: anonymous (null). A header that does not verify: HTTP 401, UNAUTHENTICATED.
 */
export function createClerkViewerResolver(settings: ClerkSettings): ViewerResolver {
  const mode = verificationMode(settings);
  if (mode === 'dev') {
    logger.warn('no CLERK_JWT_KEY or CLERK_SECRET_KEY: accepting tokens signed with the public dev key');
  } else if (mode === 'none') {
    logger.warn('no CLERK_JWT_KEY or CLERK_SECRET_KEY in production: every bearer token is refused');
  }
  return async (request) => {
    try {
      const token = bearerToken(request);
      if (token === null) return null;
      return await viewerFromClaims(await verifySessionToken(token, settings));
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      logger.debug({ reason: error.reason }, 'session token rejected');
      throw unauthenticated(error);
    }
  };
}
