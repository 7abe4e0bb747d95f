import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { db } from '../../lib/db/client';
import { TestClient } from '../../../test/client';
import { useSqlRecorder } from '../../../test/sql-recorder';
import { createMarketplaceInfluencer } from '../../../test/factories';

// Other test files insert creators concurrently, so every test scopes its rows by a fresh random
// token (in bio, display name, username or as a category slug) and never asserts global positions.
const token = () => `tk${randomBytes(5).toString('hex')}`;

type Node = { id: string; username: string; followers: number; engagementRate: string; audienceQualityScore: string | null };
type Result =
  | { __typename: 'MarketplaceInfluencerConnection'; totalCount: number; edges: { cursor: string; node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
  | { __typename: 'ValidationError'; message: string; issues: { path: string[]; message: string }[] };

const QUERY = `query($search: String, $filter: MarketplaceInfluencerFilter, $orderBy: MarketplaceInfluencerOrder, $first: Int, $after: String) {
  marketplaceInfluencers(search: $search, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    __typename
    ... on MarketplaceInfluencerConnection {
      totalCount
      edges { cursor node { id username followers engagementRate audienceQualityScore } }
      pageInfo { hasNextPage endCursor }
    }
    ... on ValidationError { message issues { path message } }
  }
}`;

const client = new TestClient();
async function list(variables: Record<string, unknown>): Promise<Result> {
  return (await client.data<{ marketplaceInfluencers: Result }>(QUERY, variables)).marketplaceInfluencers;
}
async function usernames(variables: Record<string, unknown>): Promise<string[]> {
  const result = await list({ first: 100, ...variables });
  if (result.__typename !== 'MarketplaceInfluencerConnection') throw new Error(`unexpected ${result.message}`);
  return result.edges.map((e) => e.node.username);
}

describe('marketplaceInfluencers search ranking', () => {
  it('puts the exact username first, then a username prefix, then name matches, then bio-only matches', async () => {
    const t = token();
    const bio = await createMarketplaceInfluencer({ username: `bio_${t}x`, bio: `I once met ${t} at a fair`, followers: 9e8 });
    const name = await createMarketplaceInfluencer({ username: `name_${t}x`, displayName: `The ${t} show`, followers: 1 });
    const prefix = await createMarketplaceInfluencer({ username: `${t}_studio`, followers: 2 });
    const exact = await createMarketplaceInfluencer({ username: t, followers: 3 });
    expect(await usernames({ search: t })).toEqual([exact.username, prefix.username, name.username, bio.username]);
    expect(await usernames({ search: t.toUpperCase() })).toEqual([exact.username, prefix.username, name.username, bio.username]);
  });

  it('matches stemmed bio words and category slugs', async () => {
    const t = token();
    const cooking = await createMarketplaceInfluencer({ bio: `Vegan cooking with ${t}` });
    const category = await createMarketplaceInfluencer({ categories: [t, 'travel'] });
    expect(await usernames({ search: `cooked ${t}` })).toEqual([cooking.username]);
    expect(await usernames({ search: t })).toEqual([category.username, cooking.username]);
  });
});

describe('marketplaceInfluencers filters and orderings', () => {
  it('narrows by every filter', async () => {
    const t = token();
    const a = await createMarketplaceInfluencer({ bio: t, platform: 'TIKTOK', followers: 1_000, engagementRate: '0.010000', country: 'DE', categories: ['beauty'], isVerified: true, audienceQualityScore: '90.00' });
    const b = await createMarketplaceInfluencer({ bio: t, platform: 'YOUTUBE', followers: 50_000, engagementRate: '0.050000', country: 'US', categories: ['gaming', 'tech'], isVerified: false, audienceQualityScore: '40.00' });
    const c = await createMarketplaceInfluencer({ bio: t, platform: 'INSTAGRAM', followers: 900_000, engagementRate: '0.090000', country: 'FR', categories: ['food'], isVerified: false, audienceQualityScore: null });
    const set = async (filter: Record<string, unknown>) => (await usernames({ search: t, filter })).sort();
    const names = (...rows: { username: string }[]) => rows.map((r) => r.username).sort();
    expect(await set({ platforms: ['TIKTOK', 'INSTAGRAM'] })).toEqual(names(a, c));
    expect(await set({ followersMin: 50_000 })).toEqual(names(b, c));
    expect(await set({ followersMax: 50_000 })).toEqual(names(a, b));
    expect(await set({ followersMin: 2_000, followersMax: 60_000 })).toEqual(names(b));
    expect(await set({ engagementRateMin: '0.05' })).toEqual(names(b, c));
    expect(await set({ engagementRateMax: '0.05' })).toEqual(names(a, b));
    expect(await set({ countries: ['us', 'FR'] })).toEqual(names(b, c));
    expect(await set({ categories: ['tech', 'food'] })).toEqual(names(b, c));
    expect(await set({ verified: true })).toEqual(names(a));
    expect(await set({ verified: false })).toEqual(names(b, c));
    expect(await set({ minAudienceQualityScore: '50' })).toEqual(names(a));
    expect(await set({ platforms: ['YOUTUBE'], countries: ['DE'] })).toEqual([]);
  });

  it('orders by each key with a total order, and defaults to relevance with a search and followers without', async () => {
    const t = token();
    const a = await createMarketplaceInfluencer({ categories: [t], bio: t, followers: 300, engagementRate: '0.010000', audienceQualityScore: '10.00' });
    const b = await createMarketplaceInfluencer({ categories: [t], bio: t, followers: 100, engagementRate: '0.030000', audienceQualityScore: null });
    const c = await createMarketplaceInfluencer({ categories: [t], bio: t, displayName: t, followers: 200, engagementRate: '0.020000', audienceQualityScore: '70.00' });
    const filter = { categories: [t] };
    expect(await usernames({ filter })).toEqual([a, c, b].map((r) => r.username));
    expect(await usernames({ filter, orderBy: 'ENGAGEMENT' })).toEqual([b, c, a].map((r) => r.username));
    expect(await usernames({ filter, orderBy: 'SCORE' })).toEqual([c, a, b].map((r) => r.username));
    expect((await usernames({ search: t, filter }))[0]).toBe(c.username);
    expect(await usernames({ search: t, orderBy: 'FOLLOWERS' })).toEqual([a, c, b].map((r) => r.username));
    const noSearch = await list({ orderBy: 'RELEVANCE', filter });
    expect(noSearch).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['orderBy'] }] });
  });

  it('pages through relevance order two at a time, seeing every match once and in order', async () => {
    const t = token();
    // Ties on purpose: several rows share a rank, so only the id tie-break keeps pages apart.
    for (let i = 0; i < 3; i++) await createMarketplaceInfluencer({ bio: `${t} and more` });
    for (let i = 0; i < 2; i++) await createMarketplaceInfluencer({ displayName: `${t} ${i}` });
    await createMarketplaceInfluencer({ username: `${t}_a` });
    await createMarketplaceInfluencer({ username: `${t}_b`, bio: `${t} ${t}` });
    const all = await usernames({ search: t });
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result = await list({ search: t, first: 2, after });
      if (result.__typename !== 'MarketplaceInfluencerConnection') throw new Error(result.message);
      expect(result.totalCount).toBe(7);
      seen.push(...result.edges.map((e) => e.node.username));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(7);
  });

  it('rejects a malformed cursor and a cursor of another ordering with a typed error', async () => {
    const t = token();
    await createMarketplaceInfluencer({ categories: [t] });
    await createMarketplaceInfluencer({ categories: [t] });
    for (const after of ['not a cursor', 'bm90LWpzb24', Buffer.from('["FOLLOWERS","1; DROP","x"]').toString('base64url')]) {
      expect(await list({ filter: { categories: [t] }, after })).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['after'] }] });
    }
    const page = await list({ filter: { categories: [t] }, first: 1 });
    if (page.__typename !== 'MarketplaceInfluencerConnection') throw new Error(page.message);
    const other = await list({ search: t, first: 1, after: page.pageInfo.endCursor });
    expect(other).toMatchObject({ __typename: 'ValidationError', message: expect.stringMatching(/FOLLOWERS/) });
  });
});

describe('marketplaceInfluencers hostile and international search text', () => {
  it('treats quotes, operators, LIKE wildcards and SQL as plain text', async () => {
    const t = token();
    const plain = await createMarketplaceInfluencer({ username: `a_${t}`, categories: [t] });
    const percent = await createMarketplaceInfluencer({ username: `%${t}pct`, categories: [t] });
    const filter = { categories: [t] };
    for (const search of [`'`, `"`, `%`, `_`, `\\`, `&|!():*`, `<->`, `'; DROP TABLE x; --`, `a_`]) {
      const result = await list({ search, filter, first: 100 });
      expect(result.__typename).toBe('MarketplaceInfluencerConnection');
      const found = result.__typename === 'MarketplaceInfluencerConnection' ? result.edges.map((e) => e.node.username) : [];
      // Only literal prefixes match ("a_", and "%" for the one username starting with it);
      // an unescaped % or _ would have matched every row.
      expect(found).toEqual(search === 'a_' ? [plain.username] : search === '%' ? [percent.username] : []);
    }
    expect((await usernames({ search: `%${t}`, filter }))[0]).toBe(percent.username);
    expect(await usernames({ search: 'ab', filter })).toEqual([]);
    expect(await db().marketplaceInfluencer.count({ where: { categories: { has: t } } })).toBe(2);
  });

  it('ignores empty and whitespace-only text and limits it to 200 characters', async () => {
    const t = token();
    const row = await createMarketplaceInfluencer({ categories: [t] });
    expect(await usernames({ search: '', filter: { categories: [t] } })).toEqual([row.username]);
    expect(await usernames({ search: ' \t\n ', filter: { categories: [t] } })).toEqual([row.username]);
    const longest = `${t} ${'x'.repeat(199 - t.length)}`;
    expect(longest).toHaveLength(200);
    expect(await usernames({ search: longest, filter: { categories: [t] } })).toEqual([]);
    expect(await list({ search: `${longest}y`, filter: { categories: [t] } })).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['search'] }],
    });
  });

  it('finds Cyrillic, Japanese and Arabic words', async () => {
    const t = token();
    const row = await createMarketplaceInfluencer({ displayName: `Привет こんにちは ${t}`, bio: `مرحبا بكم ${t}` });
    const other = await createMarketplaceInfluencer({ displayName: `Мир ${t}` });
    expect(await usernames({ search: `привет ${t}` })).toEqual([row.username]);
    expect(await usernames({ search: `ПРИВЕТ ${t}` })).toEqual([row.username]);
    expect(await usernames({ search: `こんにちは ${t}` })).toEqual([row.username]);
    expect(await usernames({ search: `مرحبا ${t}` })).toEqual([row.username]);
    expect(await usernames({ search: `мир ${t}` })).toEqual([other.username]);
  });
});

describe('marketplaceInfluencers statement count', () => {
  // Counts what reaches PostgreSQL (test/sql-recorder.ts): a pool of our own whose connections record every statement
  // (the driver-adapter client emits no Prisma query events). Connection setup (SET ROLE) is not
  // a statement of the page and is left out.
  const recordSql = useSqlRecorder();

  async function countFor(n: number): Promise<{ all: number; data: number }> {
    const t = token();
    for (let i = 0; i < n; i++) {
      const creator = await createMarketplaceInfluencer({ bio: `${t} creator`, followers: 1_000 + i });
      await db().influencerProfile.create({
        data: {
          marketplaceInfluencerId: creator.id,
          avgLikes: 100 + i,
          contentCategories: ['fitness'],
          score: '55.50',
          scoreVersion: 1,
          audienceAges: { create: [{ bucket: 'AGE_18_24', share: '0.600000' }, { bucket: 'AGE_25_34', share: '0.400000' }] },
          audienceGenders: { create: [{ gender: 'FEMALE', share: '0.700000' }, { gender: 'MALE', share: '0.300000' }] },
          audienceCountries: { create: [{ countryCode: 'US', share: '0.500000' }, { countryCode: 'DE', share: '0.500000' }] },
        },
      });
    }
    const query = `query($search: String) { marketplaceInfluencers(search: $search, first: 20) {
      ... on MarketplaceInfluencerConnection { totalCount edges { node { username profile {
        avgLikes score scoreVersion refreshedAt contentCategories
        audienceAges { bucket share } audienceGenders { gender share } audienceCountries { countryCode share } } } } } } }`;
    const { result: data, all, data: dataStatements } = await recordSql(() => client.data<{ marketplaceInfluencers: { totalCount: number; edges: { node: { profile: { audienceAges: unknown[]; audienceCountries: unknown[] } } }[] } }>(query, { search: t }));
    // The tenant-scope layer (src/lib/db) wraps each statement in BEGIN, set_config and COMMIT.
    const count = { all: all.length, data: dataStatements.length };
    expect(data.marketplaceInfluencers.totalCount).toBe(n);
    expect(data.marketplaceInfluencers.edges).toHaveLength(n);
    for (const { node } of data.marketplaceInfluencers.edges) {
      expect(node.profile.audienceAges).toHaveLength(2);
      expect(node.profile.audienceCountries).toHaveLength(2);
    }
    return count;
  }

  it('does not grow with the number of creators and profiles on the page', async () => {
    const five = await countFor(5);
    const twenty = await countFor(20);
    expect(twenty).toEqual(five);
    // ids and sort keys, the rows with profiles and audience shares (joined), and totalCount.
    expect(twenty.data).toBe(3);
  });
});
