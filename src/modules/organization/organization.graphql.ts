import { builder } from '../../builder';
import { MembershipRole } from '../../generated/prisma/client.ts';
import { hasRole, type Viewer } from '../../lib/auth/viewer';
import { findViewerOrganization, findViewerUser } from './organization.service';


export const OrganizationRef = builder.prismaNode('Organization', {
  id: { field: 'id' },
  // A global id whose row does not exist (or was never of this type) resolves to null, not an error.
  nullable: true,
  // Only members may see their organization: any role in it, and only the one the session acts in,
  // however the row was reached (viewer, node(id:), a relation).
  authScopes: (org, ctx) => hasRole(ctx.viewer, 'VIEWER') && org.id === ctx.viewer?.organizationId,
  fields: (t) => ({
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    dataRetentionDays: t.exposeInt('dataRetentionDays', {
      authScopes: { role: 'ADMIN' },
      description: 'Days survey responses and audit entries are kept.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const UserRef = builder.prismaNode('User', {
  id: { field: 'id' },
  // A global id whose row does not exist (or was never of this type) resolves to null, not an error.
  nullable: true,
  // Users see themselves. Seeing colleagues comes with the member list of the auth issue.
  authScopes: (user, ctx) => !!ctx.viewer && user.id === ctx.viewer.userId,
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    imageUrl: t.exposeString('imageUrl', { nullable: true }),
  }),
});

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The signed-in user and the organization the session acts in.',
  fields: (t) => ({
    role: t.field({ type: MembershipRole, nullable: true, resolve: (v) => v.role }),
    user: t.prismaField({
      type: 'User',
      resolve: (query, viewer) => findViewerUser(query, viewer),
    }),
    organization: t.prismaField({
      type: 'Organization',
      nullable: true,
      resolve: (query, viewer) => findViewerOrganization(query, viewer),
    }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: ViewerRef,
    nullable: true,
    authScopes: { public: true },
    description: 'Who is calling; null when the request carries no valid session.',
    resolve: (_root, _args, ctx) => ctx.viewer,
  }),
}));
