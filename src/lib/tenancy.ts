import type { MembershipRole } from '../generated/prisma/client.ts';
import { hasRole, type Viewer } from './auth/viewer';
import { ForbiddenError } from './errors';
import { isUuid } from '../modules/common/ids';

/**
 * The one tenant filter: every read or write of tenant-owned rows spreads `tenantWhere(viewer)`
 * into its `where` (lists, counts, nested relations, updates alike). Nothing is fetched by bare id.
 *
 * Why here when PostgreSQL has row-level security: defence in depth. `authScopes` decide whether a
 * field may run; this filter decides which rows it may touch; RLS catches what both miss. RLS also
 * does not apply to superuser or BYPASSRLS connections (migrations, the test harness, a
 * misconfigured deployment), so the application must never rely on it alone.
 */

/** A viewer acting in an organization with a role: what tenant-scoped services require. */
export type TenantViewer = Viewer & { organizationId: string; role: MembershipRole };

/** Prisma-compatible `where` fragment for tenant-owned models. */
export type TenantWhere = { organizationId: string };

/**
 * `{ organizationId }` of the viewer's active organization.
 *
 * Throws ForbiddenError (not NotFoundError) when there is none (anonymous, no active
 * organization, or a membership that is not ACTIVE): the caller may not read any tenant's rows
 * at all, which is an access decision, not a missing row. NotFoundError stays for single-row
 * lookups, where "yours does not exist" and "exists elsewhere" must look the same.
 */
export function tenantWhere(viewer: Viewer | null): TenantWhere {
  if (!viewer?.organizationId || !viewer.role) throw new ForbiddenError('An active organization membership is required');
  return { organizationId: viewer.organizationId };
}

/**
 * Same filter for lookups that must resolve to "no row" rather than fail (`node(id:)`): a viewer
 * without an organization gets a condition that matches nothing.
 */
export function tenantWhereOrNone(viewer: Viewer | null): { organizationId: string | { in: string[] } } {
  return viewer?.organizationId && viewer.role ? { organizationId: viewer.organizationId } : { organizationId: { in: [] } };
}

/** For services: the viewer must act in an organization with at least `role` (ranks in viewer.ts). */
export function requireRole(viewer: Viewer | null, role: MembershipRole): asserts viewer is TenantViewer {
  if (!hasRole(viewer, role)) throw new ForbiddenError(`Requires the ${role} role or higher`);
}

/** What the GraphQL rules below read of the request context. */
type WithViewer = { viewer: Viewer | null };

/**
 * The type-level rule of every tenant-owned GraphQL type (`authScopes: inTenant`): the row belongs
 * to the organization the session acts in, and the viewer has at least `role` there (any member
 * by default). Checked once per object as the executor completes it (src/builder.ts,
 * `runScopesOnType`), however the row was reached: root field, `node(id:)`, a relation.
 */
export function inTenantAs(role: MembershipRole) {
  return (row: { organizationId: string }, ctx: WithViewer): boolean =>
    hasRole(ctx.viewer, role) && row.organizationId === ctx.viewer?.organizationId;
}
export const inTenant = inTenantAs('VIEWER');

/**
 * No row has this id: gen_random_uuid() makes version-4 UUIDs, never the nil UUID. What a
 * malformed id is looked up as, so it finds nothing instead of reaching a uuid column, where
 * PostgreSQL would reject it with an error.
 */
const NO_ROW_ID = '00000000-0000-0000-0000-000000000000';

/** One tenant-owned row by id, through the tenant filter; a malformed id matches nothing. */
export function tenantNodeWhere(id: string, viewer: Viewer | null) {
  return { id: isUuid(id) ? id : NO_ROW_ID, ...tenantWhereOrNone(viewer) };
}

/** `findUnique` of tenant-owned node types: `node(id:)` loads through the tenant filter, so a foreign row is never fetched. */
export const tenantFindUnique = (id: string, ctx: WithViewer) => tenantNodeWhere(id, ctx.viewer);
