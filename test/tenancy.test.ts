import { describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { TestClient } from './client';
import { createMember, createOrganization } from './factories';

describe('organization and user reads stay inside the tenant', () => {
  const query = `query($id: ID!) { node(id: $id) { id ... on Organization { name slug } ... on User { email } } }`;

  it('a member reads their own organization, but not another one by global id', async () => {
    const mine = await createOrganization();
    const other = await createOrganization();
    const { viewer } = await createMember(mine.id, 'ADMIN');
    const client = new TestClient(viewer);
    const own = await client.request(query, { id: encodeGlobalID('Organization', mine.id) });
    expect(own.data).toEqual({ node: expect.objectContaining({ slug: mine.slug }) });
    const foreign = await client.request(query, { id: encodeGlobalID('Organization', other.id) });
    expect(foreign.data?.node ?? null).toBeNull();
    expect(JSON.stringify(foreign)).not.toContain(other.slug);
  });

  it('a user reads themselves, but not another user by global id', async () => {
    const org = await createOrganization();
    const me = await createMember(org.id, 'OWNER');
    const colleague = await createMember(org.id, 'MEMBER');
    const client = new TestClient(me.viewer);
    const self = await client.request(query, { id: encodeGlobalID('User', me.user.id) });
    expect(self.data).toEqual({ node: expect.objectContaining({ email: me.user.email }) });
    const other = await client.request(query, { id: encodeGlobalID('User', colleague.user.id) });
    expect(JSON.stringify(other)).not.toContain(colleague.user.email!);
  });

  it('nodes(ids:) mixing own and foreign organizations returns null for the foreign ones', async () => {
    const mine = await createOrganization();
    const other = await createOrganization();
    const { viewer } = await createMember(mine.id, 'ADMIN');
    const ids = [other.id, mine.id, other.id].map((id) => encodeGlobalID('Organization', id));
    const result = await new TestClient(viewer).request<{ nodes: ({ slug: string } | null)[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Organization { slug } } }`,
      { ids },
    );
    expect(result.data?.nodes).toEqual([null, { slug: mine.slug }, null]);
    expect(JSON.stringify(result)).not.toContain(other.slug);
  });
});
