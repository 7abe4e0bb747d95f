import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import { UserRef } from '../organization/organization.graphql';
import { eraseMember, eraseMyAccount, type ErasureResult } from './erasure.service';
import { buildUserExport } from './export.service';

// Right to deletion and right of access (domain.md, "Privacy and compliance").

// The Mutation root is declared by the campaign module; declared here too (empty) only when this
// module is loaded first, so either order builds and the campaign module's description wins.
if (!builder.configStore.hasConfig('Mutation')) builder.mutationType({});

const ErasurePayload = builder.objectRef<ErasureResult>('ErasurePayload').implement({
  description: 'The outcome of an erasure. Erasing an already erased user changes nothing.',
  fields: (t) => ({
    userId: t.id({ description: 'Global User id of the erased user.', resolve: (r) => encodeGlobalID(UserRef.name, r.userId) }),
    alreadyErased: t.boolean({ description: 'True when the user had been erased before.', resolve: (r) => !r.erased }),
    erasedAt: t.expose('erasedAt', { type: 'DateTime' }),
  }),
});

const EraseMyAccountInput = builder.inputType('EraseMyAccountInput', {
  fields: (t) => ({
    confirm: t.boolean({ required: true, description: 'Must be true: erasure cannot be undone.' }),
  }),
});

const EraseMemberInput = builder.inputType('EraseMemberInput', {
  fields: (t) => ({
    userId: t.globalID({ for: UserRef, required: true, description: 'Global User id of the member to erase.' }),
  }),
});

builder.mutationFields((t) => ({
  eraseMyAccount: t.field({
    type: ErasurePayload,
    authScopes: { signedIn: true },
    description:
      'Erases everything that identifies the signed-in user (right to deletion): profile, memberships, their name and email in audit snapshots, and their account at Clerk. Cannot be undone; the session stops working. The only owner of an organization with other members is refused (ConflictError) until another member is an owner.',
    args: { input: t.arg({ type: EraseMyAccountInput, required: true }) },
    errors: { types: [ValidationError, ForbiddenError, ConflictError], directResult: true, union: { name: 'EraseMyAccountResult' } },
    resolve: (_root, { input }, ctx) => eraseMyAccount(ctx.viewer, input.confirm, ctx.requestId),
  }),
  eraseMember: t.field({
    type: ErasurePayload,
    authScopes: { role: 'OWNER' },
    description:
      "Owners only: erases a member of the organization who belongs to no other organization, their account at Clerk included. A member of another organization is refused (ForbiddenError): only they can erase their account.",
    args: { input: t.arg({ type: EraseMemberInput, required: true }) },
    errors: { types: [NotFoundError, ForbiddenError], directResult: true, union: { name: 'EraseMemberResult' } },
    resolve: (_root, { input }, ctx) => eraseMember(ctx.viewer, input.userId.id, ctx.requestId),
  }),
}));

builder.queryFields((t) => ({
  myDataExport: t.field({
    type: 'JSON',
    authScopes: { signedIn: true },
    description:
      'Everything held about the signed-in user as one JSON document: profile, memberships (with organization names), what they authored (ids, names, timestamps) and the audit entries they are the actor of.',
    resolve: (_root, _args, ctx) => buildUserExport(ctx.viewer),
  }),
}));
