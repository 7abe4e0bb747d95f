import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder';
import { AuditAction, AuditTargetType } from '../../generated/prisma/client.ts';
import { ValidationError } from '../../lib/errors';
import { inTenantAs, tenantFindUnique } from '../../lib/tenancy';
import { MAX_PAGE_SIZE } from '../common/pagination';
import { UserRef } from '../organization/organization.graphql';
import { countAuditEntries, listAuditEntries, type AuditFilter } from './audit.service';


export const AuditLogRef = builder.prismaNode('AuditLog', {
  id: { field: 'id' },
  // A global id whose row does not exist, or belongs to another organization, resolves to null.
  nullable: true,
  // node(id:) loads through the tenant filter, so a foreign entry is never even fetched.
  findUnique: tenantFindUnique,
  // Admins (and owners) of the organization the session acts in, however the row was reached.
  authScopes: inTenantAs('ADMIN'),
  description: 'Who did what to which record, and when. Append-only.',
  fields: (t) => ({
    action: t.expose('action', { type: AuditAction }),
    targetType: t.expose('targetType', { type: AuditTargetType }),
    targetId: t.exposeID('targetId', {
      description: 'Internal id of the target record (not a global id: not every target type is a node).',
    }),
    // Not `actor: User`: User's authScopes allow only the user themselves, so an admin would get an
    // authorization error for every colleague. The global id lets clients correlate entries; the
    // name is what an admin needs to read the log, and is visible to them in the member list anyway.
    actorId: t.id({
      nullable: true,
      description: 'Global User id of whoever acted; null for system actions (webhooks, jobs).',
      resolve: (log) => (log.actorId ? encodeGlobalID(UserRef.name, log.actorId) : null),
    }),
    actorName: t.string({
      nullable: true,
      description: 'Display name of the actor; null for system actions and erased users.',
      select: { actor: { select: { name: true } } },
      resolve: (log) => log.actor?.name ?? null,
    }),
    before: t.expose('before', { type: 'JSON', nullable: true, description: 'Changed fields before the edit.' }),
    after: t.expose('after', { type: 'JSON', nullable: true, description: 'Changed fields after the edit.' }),
    requestId: t.exposeString('requestId', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const AuditLogFilterInput = builder.inputType('AuditLogFilterInput', {
  description: 'Every given condition must hold.',
  fields: (t) => ({
    actions: t.field({ type: [AuditAction], required: false, description: 'Any of these actions.' }),
    targetType: t.field({ type: AuditTargetType, required: false }),
    targetId: t.id({ required: false, description: 'Internal id of the target record.' }),
    actorId: t.globalID({ for: UserRef, required: false, description: 'Global User id of the actor.' }),
    from: t.field({ type: 'DateTime', required: false, description: 'Created at or after (inclusive).' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Created at or before (inclusive); not before `from`.' }),
  }),
});

type FilterArg = typeof AuditLogFilterInput.$inferInput | null | undefined;

function filterOf(arg: FilterArg): AuditFilter {
  return {
    actions: arg?.actions ?? null,
    targetType: arg?.targetType ?? null,
    targetId: arg?.targetId ? String(arg.targetId) : null,
    actorId: arg?.actorId?.id ?? null,
    from: arg?.from ?? null,
    to: arg?.to ?? null,
  };
}

builder.queryFields((t) => ({
  auditLog: t.prismaConnection(
    {
      type: 'AuditLog',
      cursor: 'id',
      authScopes: { role: 'ADMIN' },
      description: "The organization's audit log, newest first. Admins and owners only.",
      maxSize: MAX_PAGE_SIZE,
      defaultSize: 20,
      args: { filter: t.arg({ type: AuditLogFilterInput, required: false }) },
      // An invalid filter (e.g. `to` before `from`) is a typed ValidationError naming the field.
      errors: { types: [ValidationError], directResult: true, union: { name: 'AuditLogResult' } },
      totalCount: (_root, args, ctx) => countAuditEntries(ctx.viewer, filterOf(args.filter)),
      resolve: (query, _root, args, ctx) => listAuditEntries(query, ctx.viewer, filterOf(args.filter)),
    },
    { name: 'AuditLogConnection' },
    { name: 'AuditLogEdge' },
  ),
}));
