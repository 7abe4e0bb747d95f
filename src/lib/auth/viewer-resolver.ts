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
  // Runs before the tenant is known: finds (or creates) the organization by its Clerk id and the
  // membership in it, so row-level security is bypassed, explicitly and logged.
  return runWithRlsBypass('resolve session viewer', () => resolveViewerRows(claims));
}

interface ViewerRow {
  userId: string;
  userDeletedAt: Date | null;
  organizationId: string | null;
  organizationDeletedAt: Date | null;
  role: Viewer['role'];
  status: string | null;
}

/**
 * The common case in one statement: user, organization and membership all exist. Returns
 * undefined when a row is missing, for resolveViewerRows's create-on-first-sight path.
 */
async function lookupViewer(claims: SessionClaims): Promise<Viewer | undefined> {
  const rows = await db().$queryRaw<ViewerRow[]>`
    SELECT u.id AS "userId", u."deletedAt" AS "userDeletedAt",
           o.id AS "organizationId", o."deletedAt" AS "organizationDeletedAt",
           m.role::text AS role, m.status::text AS status
    FROM "User" u
    LEFT JOIN "Organization" o ON o."clerkOrgId" = ${claims.org?.clerkOrgId ?? null}::text
    LEFT JOIN "UserOrganization" m ON m."userId" = u.id AND m."organizationId" = o.id
    WHERE u."clerkUserId" = ${claims.clerkUserId}`;
  const row = rows[0];
  if (!row) return undefined;
  if (row.userDeletedAt) throw new AuthenticationError('revoked');
  const outside: Viewer = { userId: row.userId, organizationId: null, role: null };
  if (!claims.org) return outside;
  if (!row.organizationId) return undefined;
  if (row.organizationDeletedAt) return outside;
  if (!row.status) return undefined;
  if (row.status !== 'ACTIVE') return outside;
  return { userId: row.userId, organizationId: row.organizationId, role: row.role };
}

async function resolveViewerRows(claims: SessionClaims): Promise<Viewer> {
  const known = await lookupViewer(claims);
  if (known) return known;
  const [user, org] = await Promise.all([
    ensureUser(claims),
    claims.org ? ensureOrganizationRow(db(), claims.org) : null,
  ]);
  if (user.deletedAt) throw new AuthenticationError('revoked');
  const outside: Viewer = { userId: user.id, organizationId: null, role: null };
  if (!org || org.deletedAt || !claims.org) return outside;
  const membership = await ensureMembership(user.id, org.id, claims.org.role);
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
