import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { TestClient } from '../../../test/client';
import { createMarketplaceInfluencer } from '../../../test/factories';
import { searchSegments } from './influencer.search';

// A search with platform or follower filters goes through the search segment (platform code +
// follower decade) in the GIN index, and checks the exact follower bounds on the rows it finds.
// These tests pin the edges of that translation: decade boundaries, both bounds, every platform.
const token = () => `tk${randomBytes(5).toString('hex')}`;

const QUERY = `query($search: String, $filter: MarketplaceInfluencerFilter, $first: Int, $after: String) {
  marketplaceInfluencers(search: $search, filter: $filter, first: $first, after: $after) {
    __typename
    ... on MarketplaceInfluencerConnection { totalCount edges { node { username } } pageInfo { hasNextPage endCursor } }
    ... on ValidationError { message }
  }
}`;
type Result =
  | { __typename: 'MarketplaceInfluencerConnection'; totalCount: number; edges: { node: { username: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
  | { __typename: 'ValidationError'; message: string };

const client = new TestClient();
async function search(variables: Record<string, unknown>): Promise<{ names: string[]; totalCount: number }> {
  const result = (await client.data<{ marketplaceInfluencers: Result }>(QUERY, { first: 100, ...variables })).marketplaceInfluencers;
  if (result.__typename !== 'MarketplaceInfluencerConnection') throw new Error(result.message);
  return { names: result.edges.map((e) => e.node.username).sort(), totalCount: result.totalCount };
}

describe('searchSegments', () => {
  it('admits every platform and decade without filters, and only the reachable decades with bounds', () => {
    expect(searchSegments({ platforms: null, followersMin: null, followersMax: null })).toHaveLength(30);
    expect(searchSegments({ platforms: ['INSTAGRAM'], followersMin: 10_000, followersMax: null })).toEqual([105, 106, 107, 108, 109, 110]);
    expect(searchSegments({ platforms: ['YOUTUBE', 'TIKTOK'], followersMin: 0, followersMax: 9_999 })).toEqual([201, 202, 203, 204, 301, 302, 303, 304]);
    expect(searchSegments({ platforms: null, followersMin: 99_999, followersMax: 100_000 })).toEqual([105, 106, 205, 206, 305, 306]);
  });
});

describe('marketplaceInfluencers search with platform and follower filters', () => {
  it('keeps follower bounds exact at decade boundaries, on every platform', async () => {
    const t = token();
    const platforms = ['INSTAGRAM', 'TIKTOK', 'YOUTUBE'] as const;
    const counts = [0, 9, 10, 9_999, 10_000, 25_000, 99_999, 100_000, 2_147_483_647];
    const rows: { username: string; platform: (typeof platforms)[number]; followers: number }[] = [];
    for (const [i, followers] of counts.entries()) {
      const platform = platforms[i % platforms.length]!;
      const row = await createMarketplaceInfluencer({ bio: `${t} creator`, platform, followers });
      rows.push({ username: row.username, platform, followers });
    }
    const bounds: [number | null, number | null][] = [
      [10_000, null], [9_999, null], [10, 9_999], [null, 9], [25_000, 99_999], [100_000, null], [0, 0], [99_999, 100_000],
    ];
    for (const [min, max] of bounds) {
      for (const only of [null, ['INSTAGRAM'], ['TIKTOK', 'YOUTUBE']] as const) {
        const filter = { followersMin: min, followersMax: max, platforms: only };
        const expected = rows
          .filter((r) => (min === null || r.followers >= min) && (max === null || r.followers <= max))
          .filter((r) => only === null || (only as readonly string[]).includes(r.platform))
          .map((r) => r.username)
          .sort();
        const got = await search({ search: t, filter });
        expect({ filter, names: got.names }).toEqual({ filter, names: expected });
        expect(got.totalCount).toBe(expected.length);
      }
    }
  });

  it('finds username-prefix matches under the filters too, and pages through them exactly once', async () => {
    const t = token();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await createMarketplaceInfluencer({ username: `${t}_${i}`, platform: 'TIKTOK', followers: 10_000 * (i + 1) })).username);
    }
    await createMarketplaceInfluencer({ username: `${t}_ig`, platform: 'INSTAGRAM', followers: 50_000 });
    await createMarketplaceInfluencer({ username: `${t}_small`, platform: 'TIKTOK', followers: 9_999 });
    const filter = { platforms: ['TIKTOK'], followersMin: 10_000 };
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: Result = (await client.data<{ marketplaceInfluencers: Result }>(QUERY, { search: t, filter, first: 2, after })).marketplaceInfluencers;
      if (result.__typename !== 'MarketplaceInfluencerConnection') throw new Error(result.message);
      seen.push(...result.edges.map((e) => e.node.username));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect([...seen].sort()).toEqual([...made].sort());
    expect(new Set(seen).size).toBe(5);
  });
});
