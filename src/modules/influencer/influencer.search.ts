import { Prisma, type Platform } from '../../generated/prisma/client.ts';
import { db } from '../../lib/db/client';
import type { KeysetCursor } from '../common/cursor';

// The raw SQL of creator discovery. Every value from a client travels as a bind parameter of a
// tagged template (Prisma.sql); only fixed fragments chosen from the closed `MarketplaceOrder`
// set are composed. The statement returns ids and sort keys; the rows themselves are then loaded
// by Prisma with the GraphQL selection, so a page costs a constant number of statements.

export type MarketplaceOrder = 'RELEVANCE' | 'FOLLOWERS' | 'ENGAGEMENT' | 'SCORE';

export interface NormalizedFilter {
  platforms: Platform[] | null;
  followersMin: number | null;
  followersMax: number | null;
  engagementRateMin: string | null;
  engagementRateMax: string | null;
  countries: string[] | null;
  categories: string[] | null;
  verified: boolean | null;
  minAudienceQualityScore: string | null;
}

export interface SearchPlan {
  /** Trimmed, non-empty search text, or null for no search. */
  search: string | null;
  filter: NormalizedFilter;
  order: MarketplaceOrder;
  /** Forward pages walk the ordering (largest first); backward pages walk it in reverse. */
  direction: 'forward' | 'backward';
  cursor: KeysetCursor | null;
  /** Rows to fetch: the page size plus one, to know whether another page follows. */
  limit: number;
}

/** Both configurations: 'simple' keeps names and non-Latin words whole, 'english' matches the stemmed bio. */
const tsQuery = (search: string) =>
  Prisma.sql`(websearch_to_tsquery('simple', ${search}) || websearch_to_tsquery('english', ${search}))`;

/** The search text as a LIKE prefix: %, _ and \ are escaped, so the text is data, never syntax. */
const likePrefix = (search: string) => Prisma.sql`lower(${search.replace(/[\\%_]/g, (c) => `\\${c}`)}) || '%'`;

/**
 * Relevance: ts_rank normalised into [0, 1) (flag 32): weighted by field (username and name A,
 * categories B, bio C) and term frequency, and for multi-word searches by how close the words
 * are. Plus 2 for an exact username and 1 for a username prefix, so those always lead. Kept as
 * whole millionths (a bigint): the cursor carries this exact integer and the keyset compares
 * against the same expression, so float noise can neither skip nor repeat rows between pages.
 * ts_rank rather than ts_rank_cd: on 8,000 candidates ts_rank_cd alone cost 11 ms of CPU, ts_rank
 * 1.5 ms (README, Influencer discovery), and every candidate must be ranked to find the top.
 */
const relevance = (search: string) => Prisma.sql`round((
    ts_rank(m."searchVector", ${tsQuery(search)}, 32)
    + CASE WHEN lower(m."username") LIKE ${likePrefix(search)} ESCAPE '\\'
           THEN CASE WHEN lower(m."username") = lower(${search}) THEN 2 ELSE 1 END
           ELSE 0 END
  ) * 1000000)::bigint`;

/**
 * A creator's search segment: 100 x platform code + the number of digits of its follower count
 * (its follower decade). The GIN index "MarketplaceInfluencer_search_segment_idx" holds it next
 * to searchVector, so a search narrowed by platform and followers is intersected inside one index
 * scan instead of AND-ing the text matches with a bitmap of every creator on the platform above
 * the follower bound (200,000 entries at 1M creators). The expression must stay identical to the
 * index's (prisma/migrations/20261125131000_search_segment_index); a new platform needs a code
 * here and in the index, else searches on it are still correct but no longer use the index.
 */
const PLATFORM_CODE: Record<Platform, number> = { INSTAGRAM: 100, TIKTOK: 200, YOUTUBE: 300 };
const PLATFORM_CODES = Object.entries(PLATFORM_CODE) as [Platform, number][];
const SEGMENT = Prisma.raw(`ARRAY[(CASE m."platform" ${PLATFORM_CODES.map(([p, c]) => `WHEN '${p}' THEN ${c}`).join(' ')} END)
  + length(m."followers"::text)]`);
const MAX_FOLLOWER_DIGITS = 10; // followers is a 32-bit integer

/** The segments a filter admits: its platforms (or all) x the follower decades its bounds reach. */
export function searchSegments(filter: Pick<NormalizedFilter, 'platforms' | 'followersMin' | 'followersMax'>): number[] {
  const digits = (n: number) => String(Math.trunc(Math.max(0, n))).length;
  const low = filter.followersMin === null ? 1 : digits(filter.followersMin);
  const high = filter.followersMax === null ? MAX_FOLLOWER_DIGITS : Math.min(MAX_FOLLOWER_DIGITS, digits(filter.followersMax));
  const platforms = filter.platforms ?? PLATFORM_CODES.map(([p]) => p);
  const segments: number[] = [];
  for (const [platform, code] of PLATFORM_CODES) {
    if (!platforms.includes(platform)) continue;
    for (let d = low; d <= high; d++) segments.push(code + d);
  }
  return segments;
}

/** Sort key per ordering and the SQL type its cursor value is cast to (matching the column, so indexes apply). */
function sortKey(order: MarketplaceOrder, search: string | null): { expr: Prisma.Sql; type: Prisma.Sql } {
  switch (order) {
    case 'RELEVANCE':
      if (!search) throw new Error('RELEVANCE needs a search (validated before)');
      // numeric, not bigint: a cursor from before the key became an integer compares instead of failing.
      return { expr: relevance(search), type: Prisma.raw('numeric') };
    case 'FOLLOWERS':
      return { expr: Prisma.sql`m."followers"`, type: Prisma.raw('integer') };
    case 'ENGAGEMENT':
      return { expr: Prisma.sql`m."engagementRate"`, type: Prisma.raw('numeric') };
    case 'SCORE':
      // Scores are 0..100, so -1 puts creators without a score last.
      return { expr: Prisma.sql`coalesce(m."audienceQualityScore", -1)`, type: Prisma.raw('numeric') };
  }
}

const textMatch = (search: string) => Prisma.sql`m."searchVector" @@ ${tsQuery(search)}`;
const usernamePrefix = (search: string) => Prisma.sql`lower(m."username") LIKE ${likePrefix(search)} ESCAPE '\\'`;

function filterConditions(searching: boolean, filter: NormalizedFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const f = filter;
  // With a search, the text index (with the segment) finds the candidates, and every one of them is
  // read and ranked anyway, so the remaining scalar filters are checked on those rows. They are
  // written over expressions no b-tree serves (followers::bigint, engagementRate + 0,
  // country::text): as plain column comparisons the planner ANDs in a b-tree bitmap of every
  // creator in the range (270,000 entries for country US, 290,000 for engagement >= 0.05, 208,000
  // for Instagram above 10,000 followers), which costs more than the whole search (README,
  // Influencer discovery). Without a search those b-trees are what serves the filters and orders.
  if (searching && (f.platforms !== null || f.followersMin !== null || f.followersMax !== null)) {
    // The segment decides the platform exactly and the follower decade; the bounds are exact below.
    parts.push(Prisma.sql`${SEGMENT} && CAST(${searchSegments(f)} AS int[])`);
  } else if (f.platforms) {
    parts.push(Prisma.sql`m."platform" = ANY(CAST(${f.platforms} AS "Platform"[]))`);
  }
  const followers = searching ? Prisma.sql`m."followers"::bigint` : Prisma.sql`m."followers"`;
  const engagement = searching ? Prisma.sql`(m."engagementRate" + 0)` : Prisma.sql`m."engagementRate"`;
  if (f.followersMin !== null) parts.push(Prisma.sql`${followers} >= ${f.followersMin}`);
  if (f.followersMax !== null) parts.push(Prisma.sql`${followers} <= ${f.followersMax}`);
  if (f.engagementRateMin !== null) parts.push(Prisma.sql`${engagement} >= CAST(${f.engagementRateMin} AS numeric)`);
  if (f.engagementRateMax !== null) parts.push(Prisma.sql`${engagement} <= CAST(${f.engagementRateMax} AS numeric)`);
  if (f.countries) {
    parts.push(searching
      ? Prisma.sql`m."country"::text = ANY(CAST(${f.countries} AS text[]))`
      : Prisma.sql`m."country" = ANY(CAST(${f.countries} AS char(2)[]))`);
  }
  // && (overlap) is what the GIN index on categories serves: any of the given categories.
  if (f.categories) parts.push(Prisma.sql`m."categories" && CAST(${f.categories} AS text[])`);
  if (f.verified !== null) parts.push(Prisma.sql`m."isVerified" = ${f.verified}`);
  if (f.minAudienceQualityScore !== null) {
    parts.push(Prisma.sql`m."audienceQualityScore" >= CAST(${f.minAudienceQualityScore} AS numeric)`);
  }
  return parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`;
}

export interface KeyedId {
  id: string;
  key: string;
}

/**
 * Every row the page is chosen from, with its sort key. With a search: the text matches, then the
 * username-prefix matches that are not text matches (UNION ALL, so no duplicates). Each branch is
 * one index scan whose condition the index answers by itself; as one OR, every candidate row was
 * re-checked against both (15 % of the page query's CPU on 8,000 candidates).
 */
function candidates(search: string | null, filter: NormalizedFilter, key: Prisma.Sql): Prisma.Sql {
  const filters = filterConditions(search !== null, filter);
  if (!search) return Prisma.sql`SELECT m."id" AS id, ${key} AS key FROM "MarketplaceInfluencer" m WHERE ${filters}`;
  return Prisma.sql`
      SELECT m."id" AS id, ${key} AS key FROM "MarketplaceInfluencer" m
      WHERE ${textMatch(search)} AND ${filters}
      UNION ALL
      SELECT m."id" AS id, ${key} AS key FROM "MarketplaceInfluencer" m
      WHERE ${usernamePrefix(search)} AND (${textMatch(search)}) IS NOT TRUE AND ${filters}`;
}

/** The SQL of one page of ids with their sort keys (also EXPLAINed by the benchmark). */
export function searchIdsSql(plan: SearchPlan): Prisma.Sql {
  const { expr, type } = sortKey(plan.order, plan.search);
  const forward = plan.direction === 'forward';
  const keyset = plan.cursor
    ? forward
      ? Prisma.sql`WHERE (s.key, s.id) < (CAST(${plan.cursor.key} AS ${type}), CAST(${plan.cursor.id} AS uuid))`
      : Prisma.sql`WHERE (s.key, s.id) > (CAST(${plan.cursor.key} AS ${type}), CAST(${plan.cursor.id} AS uuid))`
    : Prisma.empty;
  const direction = Prisma.raw(forward ? 'DESC' : 'ASC');
  return Prisma.sql`
    SELECT s.id::text AS id, s.key::text AS key
    FROM (${candidates(plan.search, plan.filter, expr)}) s
    ${keyset}
    ORDER BY s.key ${direction}, s.id ${direction}
    LIMIT ${plan.limit}`;
}

/** One page of ids with their sort keys, in display order. */
export async function searchIds(plan: SearchPlan): Promise<KeyedId[]> {
  const rows = await db().$queryRaw<{ id: string; key: string }[]>(searchIdsSql(plan));
  return plan.direction === 'forward' ? rows : rows.reverse();
}

/** totalCount: the same candidates the pages are chosen from (the two branches never overlap). */
export async function countMatches(search: string | null, filter: NormalizedFilter): Promise<number> {
  const [row] = await db().$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM (${candidates(search, filter, Prisma.sql`NULL`)}) s`;
  return row?.count ?? 0;
}
