import { describe, expect, it } from '@jest/globals';
import { TestClient } from './client';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { db } from '../src/lib/db/client';
import { TopCreatorsDocument } from '../src/generated/graphql/graphql';
import { createMarketplaceInfluencer } from './factories';
import { withUnreachableDatabase } from './support/unreachable-db';

describe('HTTP endpoints', () => {
  const client = new TestClient();

  it('GET /health answers 200 while the process is alive', async () => {
    const response = await client.fetch('/health');
    expect(response.status).toBe(200);
  });

  it('GET /ready answers 200 when the database is reachable', async () => {
    const response = await client.fetch('/ready');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('GET /ready answers 503 when the database is unreachable, and /health stays 200', async () => {
    await withUnreachableDatabase(async () => {
      const response = await client.fetch('/ready');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable' });
      expect((await client.fetch('/health')).status).toBe(200);
    });
  });

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const given = await client.fetch('/health', { headers: { 'x-request-id': 'req-12345678' } });
    expect(given.headers.get('x-request-id')).toBe('req-12345678');
    const invented = await client.fetch('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(invented.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GraphQL on real data', () => {
  // The executor builds plain result objects (patches/@graphql-tools+executor+*.patch: faster to
  // build and stringify than null-prototype ones); `__proto__` as an alias must stay a field of
  // the response, never become the object's prototype or vanish.
  it('answers a field aliased __proto__ like any other alias', async () => {
    const creator = await createMarketplaceInfluencer({ platform: 'TIKTOK', followers: 2_000 });
    const client = new TestClient();
    const response = await client.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query($id: ID!) { __proto__: __typename
          creator: node(id: $id) { ... on MarketplaceInfluencer { __proto__: username followers } } }`,
        variables: { id: encodeGlobalID('MarketplaceInfluencer', creator.id) },
      }),
    });
    expect(response.status).toBe(200);
    // JSON.parse makes "__proto__" an own property, so toEqual compares it as a plain key.
    expect(JSON.parse(await response.text())).toEqual({
      data: { ['__proto__']: 'Query', creator: { ['__proto__']: creator.username, followers: 2_000 } },
    });
  });

  it('lists marketplace creators, largest audience first, with cursors that page on', async () => {
    // Other tests add creators too, so this checks order and completeness, not exact positions.
    const small = await createMarketplaceInfluencer({ platform: 'TIKTOK', followers: 1_000 });
    const big = await createMarketplaceInfluencer({ platform: 'TIKTOK', followers: 900_000_000 });
    const client = new TestClient();
    const query = `query($after: String) {
      marketplaceInfluencers(first: 7, after: $after, filter: { platforms: [TIKTOK] }) {
        ... on MarketplaceInfluencerConnection {
          totalCount
          edges { node { username followers platform } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }`;
    type Page = {
      marketplaceInfluencers: {
        totalCount: number;
        edges: { node: { username: string; followers: number; platform: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const nodes: Page['marketplaceInfluencers']['edges'][number]['node'][] = [];
    let after: string | undefined;
    let totalCount = 0;
    for (let i = 0; i < 1000; i++) {
      const page: Page = await client.data<Page>(query, { after });
      totalCount = page.marketplaceInfluencers.totalCount;
      nodes.push(...page.marketplaceInfluencers.edges.map((e) => e.node));
      if (!page.marketplaceInfluencers.pageInfo.hasNextPage) break;
      after = page.marketplaceInfluencers.pageInfo.endCursor;
    }
    const usernames = nodes.map((n) => n.username);
    expect(usernames.indexOf(big.username)).toBeGreaterThanOrEqual(0);
    expect(usernames.indexOf(big.username)).toBeLessThan(usernames.indexOf(small.username));
    expect(new Set(usernames).size).toBe(usernames.length);
    // Other workers may add TIKTOK creators meanwhile, so the count can only have grown.
    expect(totalCount).toBeGreaterThanOrEqual(2);
    expect(nodes.every((n) => n.platform === 'TIKTOK')).toBe(true);
    const followers = nodes.map((n) => n.followers);
    expect(followers).toEqual([...followers].sort((a, b) => b - a));
  });

  it('caps the page size at 100 however many rows exist', async () => {
    await db().marketplaceInfluencer.createMany({
      data: Array.from({ length: 105 }, (_, i) => ({
        platform: 'YOUTUBE' as const,
        username: `cap_${process.pid}_${Date.now()}_${i}`,
        displayName: `Cap ${i}`,
      })),
    });
    const data = await new TestClient().data<{ marketplaceInfluencers: { edges: unknown[] } }>(
      `{ marketplaceInfluencers(first: 5000, filter: { platforms: [YOUTUBE] }) {
        ... on MarketplaceInfluencerConnection { edges { cursor } }
      } }`,
    );
    expect(data.marketplaceInfluencers.edges).toHaveLength(100);
  });

  it('answers the clients\' typed TopCreators operation with exact decimals', async () => {
    const creator = await createMarketplaceInfluencer({ platform: 'INSTAGRAM', followers: 5_000 });
    const data = await new TestClient().run(TopCreatorsDocument, { first: 100, filter: { platforms: ['INSTAGRAM'] } });
    const page = data.marketplaceInfluencers;
    if (page.__typename !== 'MarketplaceInfluencerConnection') throw new Error(`unexpected ${page.__typename}`);
    const first = page.edges[0]?.node;
    expect(first?.followers).toBeGreaterThanOrEqual(creator.followers);
    for (const { node } of page.edges) {
      expect(node.platform).toBe('INSTAGRAM');
      expect(node.engagementRate).toMatch(/^\d+(\.\d+)?$/);
    }
  });

  it('fetches a creator by global id with exact decimals, and rejects an id of another type', async () => {
    const creator = await createMarketplaceInfluencer({ platform: 'INSTAGRAM' });
    const client = new TestClient();
    const query = `query($id: ID!) { node(id: $id) { id ... on MarketplaceInfluencer { username engagementRate categories } } }`;
    const found = await client.data<{ node: Record<string, unknown> }>(query, {
      id: encodeGlobalID('MarketplaceInfluencer', creator.id),
    });
    expect(found.node).toMatchObject({ username: creator.username, engagementRate: '0.0345', categories: ['fitness'] });
    const wrongType = await client.request(query, { id: encodeGlobalID('Organization', creator.id) });
    expect(wrongType.errors).toBeUndefined();
    expect(wrongType.data).toEqual({ node: null });
  });

  it('rejects operations nested deeper than the limit', async () => {
    const nested = (levels: number) =>
      `{ __schema { types { ${'fields { type { '.repeat(levels)}name${' } }'.repeat(levels)} } } }`;
    const client = new TestClient();
    expect((await client.request(nested(2))).errors).toBeUndefined();
    const result = await client.request(nested(8));
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('returns a null viewer without a session', async () => {
    expect(await new TestClient().data(`{ viewer { role } }`)).toEqual({ viewer: null });
  });
});
