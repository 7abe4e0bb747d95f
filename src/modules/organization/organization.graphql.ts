import { builder } from '../../builder';
import { MembershipRole } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { findViewerOrganization, findViewerUser } from './organization.service';

builder.enumType(MembershipRole, { name: 'MembershipRole', description: 'Role of a member, from most to least powerful.' });

export const OrganizationRef = builder.prismaNode('Organization', {
  id: { field: 'id' },
  // Only members may see their organization; the tenant filter in the service does the rest.
  authScopes: { role: 'VIEWER' },
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
  authScopes: { signedIn: true },
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
