import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

/**
 * Clerk organizations are translated to internal rows in two places: lazily on the first
 * authenticated request (lib/auth/viewer-resolver.ts) and by Clerk webhooks. Both create the row
 * here, so they agree on what a not-yet-named organization looks like.
 */
type Client = PrismaClient | Prisma.TransactionClient;

/** A slug unique to the Clerk id, used until the organization's own slug is known and free. */
export function placeholderOrgSlug(clerkOrgId: string): string {
  return `org-${createHash('sha256').update(clerkOrgId).digest('hex').slice(0, 16)}`;
}

/**
 * Finds or creates the Organization row of a Clerk organization, safe under concurrent callers
 * (INSERT ... ON CONFLICT DO NOTHING, then read). The claimed slug may still belong to another
 * organization (renamed in Clerk, its webhook not in yet): the placeholder slug is used then.
 */
export async function ensureOrganizationRow(
  client: Client,
  org: { clerkOrgId: string; name?: string | null; slug?: string | null },
) {
  const where = { clerkOrgId: org.clerkOrgId };
  const select = { id: true, deletedAt: true } as const;
  const found = await client.organization.findUnique({ where, select });
  if (found) return found;
  const slugs = [...new Set([org.slug, placeholderOrgSlug(org.clerkOrgId)].filter((s): s is string => !!s))];
  for (const slug of slugs) {
    await client.organization.createMany({
      data: [{ clerkOrgId: org.clerkOrgId, slug, name: org.name || org.slug || org.clerkOrgId }],
      skipDuplicates: true,
    });
    const created = await client.organization.findUnique({ where, select });
    if (created) return created;
  }
  throw new Error(`could not create organization for ${org.clerkOrgId}`);
}
