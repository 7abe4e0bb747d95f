import { describe, expect, it } from '@jest/globals';
import { TestClient } from './client';
import { db } from '../src/lib/db/client';
import { TopCreatorsDocument } from '../src/generated/graphql/graphql';
import { createMarketplaceInfluencer } from './factories';

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

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const given = await client.fetch('/health', { headers: { 'x-request-id': 'req-12345678' } });
    expect(given.headers.get('x-request-id')).toBe('req-12345678');
    const invented = await client.fetch('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(invented.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GraphQL on real data', () => {
  it('lists marketplace creators, largest audience first, with cursors that page on', async () => {
    const platform = 'TIKTOK';
    const small = await createMarketplaceInfluencer({ platform, followers: 1_000 });
    const big = await createMarketplaceInfluencer({ platform, followers: 9_000_000_000 / 10 });
    const client = new TestClient();
    const query = `query($after: String) {
      marketplaceInfluencers(first: 1, after: $after, platform: TIKTOK) {
        totalCount
        edges { node { id username followers platform } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      marketplaceInfluencers: {
        totalCount: number;
        edges: { node: { username: string; followers: number } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = await client.data<Page>(query);
    expect(first.marketplaceInfluencers.edges[0]?.node.username).toBe(big.username);
    expect(first.marketplaceInfluencers.pageInfo.hasNextPage).toBe(true);
    const usernames: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 1000; i++) {
      const page: Page = await client.data<Page>(query, { after });
      usernames.push(...page.marketplaceInfluencers.edges.map((e) => e.node.username));
      if (!page.marketplaceInfluencers.pageInfo.hasNextPage) break;
      after = page.marketplaceInfluencers.pageInfo.endCursor;
    }
    expect(usernames).toContain(small.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    expect(usernames.length).toBe(first.marketplaceInfluencers.totalCount);
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
      `{ marketplaceInfluencers(first: 5000, platform: YOUTUBE) { edges { cursor } } }`,
    );
    expect(data.marketplaceInfluencers.edges).toHaveLength(100);
  });

  it('answers the clients\' typed TopCreators operation', async () => {
    const creator = await createMarketplaceInfluencer({ platform: 'INSTAGRAM', followers: 2_000_000_000 });
    const data = await new TestClient().run(TopCreatorsDocument, { first: 1, platform: 'INSTAGRAM' });
    expect(data.marketplaceInfluencers.edges[0]?.node).toMatchObject({
      username: creator.username,
      engagementRate: '0.0345',
      categories: ['fitness'],
    });
  });

  it('returns a null viewer without a session', async () => {
    expect(await new TestClient().data(`{ viewer { role } }`)).toEqual({ viewer: null });
  });
});
