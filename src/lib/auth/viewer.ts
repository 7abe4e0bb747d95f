import type { MembershipRole } from '../../generated/prisma/client.ts';

/** Who is calling: an internal user acting in one organization with one role. */
export interface Viewer {
  userId: string;
  /** Null when the session has no active organization: only fields that need none are reachable. */
  organizationId: string | null;
  role: MembershipRole | null;
}

const rank: Record<MembershipRole, number> = { VIEWER: 1, MEMBER: 2, ADMIN: 3, OWNER: 4 };

export function hasRole(viewer: Viewer | null, atLeast: MembershipRole): boolean {
  if (!viewer?.organizationId || !viewer.role) return false;
  return rank[viewer.role] >= rank[atLeast];
}

/**
 * Turns a request into a Viewer (null when it carries no credentials). The server uses
 * createClerkViewerResolver (viewer-resolver.ts); tests inject viewers directly.
 */
export type ViewerResolver = (request: Request) => Promise<Viewer | null>;
