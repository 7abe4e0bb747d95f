import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import { inTenant, tenantFindUnique, tenantWhereOrNone } from '../../lib/tenancy';
import { decodeInputId } from '../common/ids';
import { mutationMeta, mutationPayloads } from '../common/mutation';
import { MAX_PAGE_SIZE } from '../common/pagination';
import * as lists from './influencer-list.service';

// Saved creator lists (tenant-private). influencer-list.service.ts holds every rule; reads need
// VIEWER, writes MEMBER.

builder.mutationType({ description: 'Writes. Expected failures are typed results (`... on Error`).' });


export const InfluencerListRef = builder.prismaNode('InfluencerList', {
  id: { field: 'id' },
  nullable: true,
  findUnique: tenantFindUnique,
  authScopes: inTenant,
  description: "A saved list of marketplace creators, private to your organization.",
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Unique in the organization.' }),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    items: t.relatedConnection('items', {
      cursor: 'id',
      totalCount: true,
      maxSize: MAX_PAGE_SIZE,
      defaultSize: 20,
      description: 'Creators on the list, in the order they were added.',
      query: (_args, ctx) => ({ where: tenantWhereOrNone(ctx.viewer), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    }),
  }),
});

export const InfluencerListItemRef = builder.prismaNode('InfluencerListItem', {
  id: { field: 'id' },
  nullable: true,
  findUnique: tenantFindUnique,
  authScopes: inTenant,
  description: 'A creator on a saved list, with your note.',
  fields: (t) => ({
    note: t.exposeString('note', { nullable: true }),
    addedAt: t.expose('createdAt', { type: 'DateTime' }),
    creator: t.relation('marketplaceInfluencer', { description: 'The marketplace creator (public data).' }),
    list: t.relation('list'),
  }),
});

builder.queryFields((t) => ({
  influencerList: t.prismaField({
    type: 'InfluencerList',
    nullable: true,
    authScopes: { role: 'VIEWER' },
    description: 'One saved list of your organization; null when the id names none of them.',
    args: { id: t.arg.globalID({ for: InfluencerListRef, required: true }) },
    resolve: (query, _root, args, ctx) => lists.findInfluencerList(query, ctx.viewer, args.id.id),
  }),
  influencerLists: t.prismaConnection(
    {
      type: 'InfluencerList',
      cursor: 'id',
      authScopes: { role: 'VIEWER' },
      description: "Your organization's saved creator lists, by name.",
      maxSize: MAX_PAGE_SIZE,
      defaultSize: 20,
      totalCount: (_root, _args, ctx) => lists.countInfluencerLists(ctx.viewer),
      resolve: (query, _root, _args, ctx) => lists.listInfluencerLists(query, ctx.viewer),
    },
    { name: 'InfluencerListConnection' },
    { name: 'InfluencerListEdge' },
  ),
}));

const listErrors = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

const payload = mutationPayloads(listErrors);

const CreateInput = builder.inputType('CreateInfluencerListInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: `Unique in the organization; 1 to ${lists.MAX_LIST_NAME} characters.` }),
    description: t.string({ required: false }),
  }),
});
const RenameInput = builder.inputType('RenameInfluencerListInput', {
  fields: (t) => ({
    listId: t.id({ required: true, description: 'Global InfluencerList id.' }),
    name: t.string({ required: true }),
    description: t.string({ required: false, description: 'Omitted: unchanged; null clears.' }),
  }),
});
const DeleteInput = builder.inputType('DeleteInfluencerListInput', {
  fields: (t) => ({ listId: t.id({ required: true }) }),
});
const AddInput = builder.inputType('AddInfluencerToListInput', {
  fields: (t) => ({
    listId: t.id({ required: true, description: 'Global InfluencerList id.' }),
    creatorId: t.id({ required: true, description: 'Global MarketplaceInfluencer id.' }),
    note: t.string({ required: false }),
  }),
});
const NoteInput = builder.inputType('UpdateInfluencerListNoteInput', {
  fields: (t) => ({
    listId: t.id({ required: true }),
    creatorId: t.id({ required: true }),
    note: t.string({ required: false, description: 'Null or empty clears the note.' }),
  }),
});
const RemoveInput = builder.inputType('RemoveInfluencerFromListInput', {
  fields: (t) => ({ listId: t.id({ required: true }), creatorId: t.id({ required: true }) }),
});

const DeletedList = builder.objectRef<{ deletedListId: string }>('DeletedInfluencerList').implement({
  authScopes: { role: 'MEMBER' },
  fields: (t) => ({ deletedListId: t.exposeID('deletedListId', { description: 'Global id of the deleted InfluencerList.' }) }),
});

builder.mutationFields((t) => ({
  createInfluencerList: t.prismaField({
    type: 'InfluencerList',
    authScopes: { role: 'MEMBER' },
    description: 'A new, empty saved list. A name already used in the organization is a ConflictError.',
    errors: payload('createInfluencerList', 'list'),
    args: { input: t.arg({ type: CreateInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const list = await lists.createInfluencerList(ctx.viewer, input, mutationMeta(ctx));
      return lists.findListForPayload(query, ctx.viewer, list.id);
    },
  }),
  renameInfluencerList: t.prismaField({
    type: 'InfluencerList',
    authScopes: { role: 'MEMBER' },
    description: 'Renames a list (and optionally sets its description).',
    errors: payload('renameInfluencerList', 'list'),
    args: { input: t.arg({ type: RenameInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const listId = decodeInputId(input.listId, 'InfluencerList', 'listId');
      const { listId: _ignored, ...rest } = input;
      const list = await lists.renameInfluencerList(ctx.viewer, { ...rest, listId }, mutationMeta(ctx));
      return lists.findListForPayload(query, ctx.viewer, list.id);
    },
  }),
  deleteInfluencerList: t.field({
    type: DeletedList,
    authScopes: { role: 'MEMBER' },
    description: 'Deletes a list and its items; the creators stay in the marketplace.',
    errors: payload('deleteInfluencerList', 'result'),
    args: { input: t.arg({ type: DeleteInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const listId = decodeInputId(input.listId, 'InfluencerList', 'listId');
      const deleted = await lists.deleteInfluencerList(ctx.viewer, { listId }, mutationMeta(ctx));
      return { deletedListId: encodeGlobalID('InfluencerList', deleted.id) };
    },
  }),
  addInfluencerToList: t.prismaField({
    type: 'InfluencerListItem',
    authScopes: { role: 'MEMBER' },
    description: 'Adds a marketplace creator to a list (once: a repeat is a ConflictError).',
    errors: payload('addInfluencerToList', 'item'),
    args: { input: t.arg({ type: AddInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const listId = decodeInputId(input.listId, 'InfluencerList', 'listId');
      const creatorId = decodeInputId(input.creatorId, 'MarketplaceInfluencer', 'creatorId');
      const item = await lists.addInfluencerToList(ctx.viewer, { listId, creatorId, note: input.note }, mutationMeta(ctx));
      return lists.findListItemForPayload(query, ctx.viewer, item.id);
    },
  }),
  updateInfluencerListNote: t.prismaField({
    type: 'InfluencerListItem',
    authScopes: { role: 'MEMBER' },
    description: 'Sets or clears the note on a creator of a list.',
    errors: payload('updateInfluencerListNote', 'item'),
    args: { input: t.arg({ type: NoteInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const listId = decodeInputId(input.listId, 'InfluencerList', 'listId');
      const creatorId = decodeInputId(input.creatorId, 'MarketplaceInfluencer', 'creatorId');
      const item = await lists.updateInfluencerListNote(ctx.viewer, { listId, creatorId, note: input.note }, mutationMeta(ctx));
      return lists.findListItemForPayload(query, ctx.viewer, item.id);
    },
  }),
  removeInfluencerFromList: t.prismaField({
    type: 'InfluencerList',
    authScopes: { role: 'MEMBER' },
    description: 'Removes a creator from a list; returns the list.',
    errors: payload('removeInfluencerFromList', 'list'),
    args: { input: t.arg({ type: RemoveInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const listId = decodeInputId(input.listId, 'InfluencerList', 'listId');
      const creatorId = decodeInputId(input.creatorId, 'MarketplaceInfluencer', 'creatorId');
      const { listId: id } = await lists.removeInfluencerFromList(ctx.viewer, { listId, creatorId }, mutationMeta(ctx));
      return lists.findListForPayload(query, ctx.viewer, id);
    },
  }),
}));
