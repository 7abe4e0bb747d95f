import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { setTenantInTransaction } from '../../lib/db/tenant-scope';
import { ForbiddenError, NotFoundError } from '../../lib/errors';

/**
 * myDataExport: everything held about the viewer, as one JSON document (right of access). Rows of
 * every organization they belong or belonged to, so row-level security is bypassed, and every
 * query is limited to rows that reference the user (their own row, their memberships, what they
 * authored). Snapshots of audit entries are left out: they describe other people's records too.
 * Names and text of what they authored are included only for organizations they are an ACTIVE
 * member of: a former member gets ids and timestamps, not the organization's content.
 */
export async function buildUserExport(viewer: Viewer | null): Promise<Record<string, unknown>> {
  if (!viewer) throw new ForbiddenError('Sign in to export your data');
  const userId = viewer.userId;
  const data = await db().$transaction(async (tx) => {
    await setTenantInTransaction(tx, { bypass: true, reason: 'personal data export (rows referencing the viewer only)' });
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, clerkUserId: true, email: true, name: true, imageUrl: true, deletedAt: true, createdAt: true, updatedAt: true },
    });
    if (!user) throw new NotFoundError('User');
    const stamp = { createdAt: true, updatedAt: true } as const;
    const [memberships, campaigns, campaignInfluencers, assets, studies, comments, commentsResolved, lists, listItems, auditEntries] =
      await Promise.all([
        tx.userOrganization.findMany({
          where: { userId },
          select: { id: true, role: true, status: true, ...stamp, organization: { select: { id: true, name: true } } },
          orderBy: { createdAt: 'asc' },
        }),
        tx.campaignWizard.findMany({
          where: { createdById: userId },
          select: { id: true, organizationId: true, name: true, status: true, ...stamp },
          orderBy: { createdAt: 'asc' },
        }),
        tx.campaignInfluencer.findMany({
          where: { addedById: userId },
          select: { id: true, organizationId: true, campaignId: true, marketplaceInfluencerId: true, ...stamp },
          orderBy: { createdAt: 'asc' },
        }),
        tx.creativeAsset.findMany({
          where: { createdById: userId },
          select: { id: true, organizationId: true, campaignId: true, name: true, ...stamp },
          orderBy: { createdAt: 'asc' },
        }),
        tx.brandLiftStudy.findMany({
          where: { createdById: userId },
          select: { id: true, organizationId: true, campaignId: true, name: true, ...stamp },
          orderBy: { createdAt: 'asc' },
        }),
        tx.brandLiftComment.findMany({
          where: { authorId: userId },
          select: { id: true, organizationId: true, studyId: true, questionId: true, body: true, resolvedAt: true, ...stamp },
          orderBy: { createdAt: 'asc' },
        }),
        tx.brandLiftComment.findMany({
          where: { resolvedById: userId },
          select: { id: true, organizationId: true, studyId: true, resolvedAt: true },
          orderBy: { createdAt: 'asc' },
        }),
        tx.influencerList.findMany({
          where: { createdById: userId },
          select: { id: true, organizationId: true, name: true, ...stamp },
          orderBy: { createdAt: 'asc' },
        }),
        tx.influencerListItem.findMany({
          where: { addedById: userId },
          select: { id: true, organizationId: true, listId: true, marketplaceInfluencerId: true, ...stamp },
          orderBy: { createdAt: 'asc' },
        }),
        tx.auditLog.findMany({
          where: { actorId: userId },
          select: { id: true, organizationId: true, action: true, targetType: true, targetId: true, createdAt: true },
          orderBy: { createdAt: 'asc' },
        }),
      ]);
    // Content of an organization the user no longer has access to (membership not ACTIVE) is that
    // organization's: what they authored there is listed by id and time, without names or text.
    const active = new Set(memberships.filter((m) => m.status === 'ACTIVE').map((m) => m.organization.id));
    const visible = <T extends { organizationId: string }>(rows: T[]) =>
      rows.map((row) => {
        if (active.has(row.organizationId)) return row;
        const { name: _name, body: _body, ...rest } = row as T & { name?: unknown; body?: unknown };
        return { ...rest, contentWithheld: 'no longer a member of this organization' };
      });
    return {
      user,
      memberships,
      campaignsCreated: visible(campaigns),
      campaignInfluencersAdded: visible(campaignInfluencers),
      creativeAssetsCreated: visible(assets),
      brandLiftStudiesCreated: visible(studies),
      brandLiftComments: visible(comments),
      brandLiftCommentsResolved: visible(commentsResolved),
      influencerListsCreated: visible(lists),
      influencerListItemsAdded: visible(listItems),
      auditEntriesAsActor: visible(auditEntries),
    };
  });
  // Dates as ISO strings, bigints as strings: a plain JSON document.
  return {
    exportedAt: new Date().toISOString(),
    ...(JSON.parse(JSON.stringify(data, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>),
  };
}
