import type { Prisma } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';

type UserQuery = Omit<Prisma.UserFindUniqueOrThrowArgs, 'where'>;
type OrgQuery = Omit<Prisma.OrganizationFindUniqueArgs, 'where'>;

export function findViewerUser(query: UserQuery, viewer: Viewer) {
  return db().user.findUniqueOrThrow({ ...query, where: { id: viewer.userId } });
}

export function findViewerOrganization(query: OrgQuery, viewer: Viewer) {
  if (!viewer.organizationId) return null;
  return db().organization.findFirst({
    ...query,
    where: {
      id: viewer.organizationId,
      memberships: { some: { userId: viewer.userId, status: 'ACTIVE' } },
    },
  });
}
