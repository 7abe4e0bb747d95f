import { beforeAll, describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { TestClient } from '../../../test/client';
import { createMarketplaceInfluencer, createMember, createOrganization } from '../../../test/factories';

const CREATE = `mutation($input: CreateInfluencerListInput!) { createInfluencerList(input: $input) {
  __typename ... on CreateInfluencerListSuccess { list { id name description } } ... on Error { code message } } }`;
const RENAME = `mutation($input: RenameInfluencerListInput!) { renameInfluencerList(input: $input) {
  __typename ... on RenameInfluencerListSuccess { list { id name description } } ... on Error { code } } }`;
const DELETE = `mutation($input: DeleteInfluencerListInput!) { deleteInfluencerList(input: $input) {
  __typename ... on DeleteInfluencerListSuccess { result { deletedListId } } ... on Error { code } } }`;
const ADD = `mutation($input: AddInfluencerToListInput!) { addInfluencerToList(input: $input) {
  __typename ... on AddInfluencerToListSuccess { item { id note addedAt creator { id username } list { id } } } ... on Error { code } } }`;
const NOTE = `mutation($input: UpdateInfluencerListNoteInput!) { updateInfluencerListNote(input: $input) {
  __typename ... on UpdateInfluencerListNoteSuccess { item { note } } ... on Error { code } } }`;
const REMOVE = `mutation($input: RemoveInfluencerFromListInput!) { removeInfluencerFromList(input: $input) {
  __typename ... on RemoveInfluencerFromListSuccess { list { items(first: 10) { totalCount } } } ... on Error { code } } }`;
const LIST = `query($id: ID!, $first: Int, $after: String) { influencerList(id: $id) { id name
  items(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { note creator { username } } } } } }`;

type AnyData = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('saved influencer lists', () => {
  let orgId: string;
  let member: Viewer;
  let client: TestClient;
  beforeAll(async () => {
    orgId = (await createOrganization()).id;
    member = (await createMember(orgId, 'MEMBER')).viewer;
    client = new TestClient(member);
  });

  const create = async (name: string, description?: string) => {
    const r = await client.data<AnyData>(CREATE, { input: { name, description } });
    return r.createInfluencerList.list as { id: string; name: string; description: string | null };
  };

  it('creates, renames and deletes a list, with audit entries', async () => {
    const list = await create('  Summer fitness  ', 'For the July launch');
    expect(list).toMatchObject({ name: 'Summer fitness', description: 'For the July launch' });
    const renamed = await client.data<AnyData>(RENAME, { input: { listId: list.id, name: 'Summer fitness 2027' } });
    expect(renamed.renameInfluencerList.list).toMatchObject({ name: 'Summer fitness 2027', description: 'For the July launch' });
    const cleared = await client.data<AnyData>(RENAME, { input: { listId: list.id, name: 'Summer fitness 2027', description: null } });
    expect(cleared.renameInfluencerList.list.description).toBeNull();
    const deleted = await client.data<AnyData>(DELETE, { input: { listId: list.id } });
    expect(deleted.deleteInfluencerList.result.deletedListId).toBe(list.id);
    expect(await client.data<AnyData>(LIST, { id: list.id })).toEqual({ influencerList: null });
    const audit = await db().auditLog.findMany({ where: { organizationId: orgId, targetType: 'INFLUENCER_LIST' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['CREATE', 'UPDATE', 'DELETE']));
    expect(audit.every((a) => a.actorId === member.userId)).toBe(true);
  });

  it('keeps list names unique per organization (ConflictError), not across organizations', async () => {
    await create('Unique name');
    const again = await client.data<AnyData>(CREATE, { input: { name: 'Unique name' } });
    expect(again.createInfluencerList).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    const other = await create('Other name');
    const clash = await client.data<AnyData>(RENAME, { input: { listId: other.id, name: 'Unique name' } });
    expect(clash.renameInfluencerList).toEqual({ __typename: 'ConflictError', code: 'CONFLICT' });
    const { viewer: elsewhere } = await createMember((await createOrganization()).id, 'MEMBER');
    const there = await new TestClient(elsewhere).data<AnyData>(CREATE, { input: { name: 'Unique name' } });
    expect(there.createInfluencerList.__typename).toBe('CreateInfluencerListSuccess');
  });

  it('validates names and ids', async () => {
    const empty = await client.data<AnyData>(CREATE, { input: { name: '   ' } });
    expect(empty.createInfluencerList).toMatchObject({ __typename: 'ValidationError' });
    const long = await client.data<AnyData>(CREATE, { input: { name: 'x'.repeat(101) } });
    expect(long.createInfluencerList).toMatchObject({ __typename: 'ValidationError' });
    const wrongType = await client.data<AnyData>(DELETE, { input: { listId: encodeGlobalID('CampaignWizard', orgId) } });
    expect(wrongType.deleteInfluencerList).toEqual({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    // A list id that is no UUID names no list: null, like a foreign or missing one.
    expect(await client.data<AnyData>(LIST, { id: encodeGlobalID('InfluencerList', 'not-a-uuid'), first: 5 })).toEqual({ influencerList: null });
  });

  it('adds creators with notes, refuses duplicates, edits notes and removes creators', async () => {
    const list = await create('Creators');
    const a = await createMarketplaceInfluencer();
    const b = await createMarketplaceInfluencer();
    const creatorA = encodeGlobalID('MarketplaceInfluencer', a.id);
    const creatorB = encodeGlobalID('MarketplaceInfluencer', b.id);
    const added = await client.data<AnyData>(ADD, { input: { listId: list.id, creatorId: creatorA, note: 'Great fit' } });
    expect(added.addInfluencerToList.item).toMatchObject({ note: 'Great fit', creator: { id: creatorA, username: a.username }, list: { id: list.id } });
    await client.data(ADD, { input: { listId: list.id, creatorId: creatorB } });
    const dup = await client.data<AnyData>(ADD, { input: { listId: list.id, creatorId: creatorA } });
    expect(dup.addInfluencerToList).toEqual({ __typename: 'ConflictError', code: 'CONFLICT' });
    const missing = await client.data<AnyData>(ADD, {
      input: { listId: list.id, creatorId: encodeGlobalID('MarketplaceInfluencer', '00000000-0000-4000-8000-000000000000') },
    });
    expect(missing.addInfluencerToList).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });

    const page1 = await client.data<AnyData>(LIST, { id: list.id, first: 1 });
    expect(page1.influencerList.items).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { note: 'Great fit', creator: { username: a.username } } }] });
    const page2 = await client.data<AnyData>(LIST, { id: list.id, first: 1, after: page1.influencerList.items.pageInfo.endCursor });
    expect(page2.influencerList.items.edges).toEqual([{ node: { note: null, creator: { username: b.username } } }]);

    const noted = await client.data<AnyData>(NOTE, { input: { listId: list.id, creatorId: creatorB, note: 'Ask for rates' } });
    expect(noted.updateInfluencerListNote.item).toEqual({ note: 'Ask for rates' });
    const removed = await client.data<AnyData>(REMOVE, { input: { listId: list.id, creatorId: creatorA } });
    expect(removed.removeInfluencerFromList.list.items.totalCount).toBe(1);
    const gone = await client.data<AnyData>(REMOVE, { input: { listId: list.id, creatorId: creatorA } });
    expect(gone.removeInfluencerFromList).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    // Deleting the list keeps the creators.
    await client.data(DELETE, { input: { listId: list.id } });
    expect(await db().marketplaceInfluencer.count({ where: { id: { in: [a.id, b.id] } } })).toBe(2);
    const listUuid = Buffer.from(list.id, 'base64').toString('utf8').split(':')[1]!;
    expect(await db().influencerListItem.count({ where: { listId: listUuid } })).toBe(0);
  });

  it('pages through the organization\u2019s lists by name; VIEWERs read but cannot write', async () => {
    const org = (await createOrganization()).id;
    const { viewer: writer } = await createMember(org, 'MEMBER');
    const { viewer: reader } = await createMember(org, 'VIEWER');
    for (const name of ['Charlie', 'Alpha', 'Bravo']) await new TestClient(writer).data(CREATE, { input: { name } });
    const q = `query($after: String) { influencerLists(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`;
    const p1 = await new TestClient(reader).data<AnyData>(q);
    expect(p1.influencerLists).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true }, edges: [{ node: { name: 'Alpha' } }, { node: { name: 'Bravo' } }] });
    const p2 = await new TestClient(reader).data<AnyData>(q, { after: p1.influencerLists.pageInfo.endCursor });
    expect(p2.influencerLists.edges).toEqual([{ node: { name: 'Charlie' } }]);
    const write = await new TestClient(reader).request(CREATE, { input: { name: 'Nope' } });
    expect(write.errors?.length).toBeGreaterThan(0);
    expect(write.data ?? null).toBeNull();
    expect(await db().influencerList.count({ where: { organizationId: org } })).toBe(3);
  });

  it('keeps lists and items invisible and untouchable for other organizations', async () => {
    const list = await create('Private list');
    const creator = await createMarketplaceInfluencer();
    const creatorId = encodeGlobalID('MarketplaceInfluencer', creator.id);
    const added = await client.data<AnyData>(ADD, { input: { listId: list.id, creatorId, note: 'secret note' } });
    const { viewer: outsider } = await createMember((await createOrganization()).id, 'ADMIN');
    const other = new TestClient(outsider);
    expect(await other.data(LIST, { id: list.id })).toEqual({ influencerList: null });
    const node = await other.data<AnyData>(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [list.id, added.addInfluencerToList.item.id] });
    expect(node.nodes).toEqual([null, null]);
    const all = await other.data<AnyData>(`{ influencerLists(first: 100) { totalCount edges { node { name } } } }`);
    expect(JSON.stringify(all)).not.toContain('Private list');
    for (const [query, input] of [
      [RENAME, { listId: list.id, name: 'Hijacked' }],
      [DELETE, { listId: list.id }],
      [ADD, { listId: list.id, creatorId: encodeGlobalID('MarketplaceInfluencer', (await createMarketplaceInfluencer()).id) }],
      [NOTE, { listId: list.id, creatorId, note: 'x' }],
      [REMOVE, { listId: list.id, creatorId }],
    ] as const) {
      const r = await other.data<AnyData>(query, { input });
      expect(Object.values(r)[0]).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    const after = await client.data<AnyData>(LIST, { id: list.id });
    expect(after.influencerList).toMatchObject({ name: 'Private list', items: { totalCount: 1, edges: [{ node: { note: 'secret note' } }] } });
  });
});
