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
 * Relevance: the cover-density rank normalised into [0, 1) (flag 32), plus 2 for an exact
 * username and 1 for a username prefix, so those always lead. Rounded to 6 decimals as numeric:
 * the cursor carries this exact text and the keyset compares against the same expression, so
 * float noise can neither skip nor repeat rows between pages.
 */
const relevance = (search: string) => Prisma.sql`round((
    ts_rank_cd(m."searchVector", ${tsQuery(search)}, 32)
    + CASE WHEN lower(m."username") = lower(${search}) THEN 2
           WHEN lower(m."username") LIKE ${likePrefix(search)} ESCAPE '\\' THEN 1
           ELSE 0 END
  )::numeric, 6)`;

/** Sort key per ordering and the SQL type its cursor value is cast to (matching the column, so indexes apply). */
function sortKey(order: MarketplaceOrder, search: string | null): { expr: Prisma.Sql; type: Prisma.Sql } {
  switch (order) {
    case 'RELEVANCE':
      if (!search) throw new Error('RELEVANCE needs a search (validated before)');
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

function conditions(search: string | null, filter: NormalizedFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (search) {
    parts.push(Prisma.sql`(m."searchVector" @@ ${tsQuery(search)}
      OR lower(m."username") LIKE ${likePrefix(search)} ESCAPE '\\')`);
  }
  const f = filter;
  if (f.platforms) parts.push(Prisma.sql`m."platform" = ANY(CAST(${f.platforms} AS "Platform"[]))`);
  if (f.followersMin !== null) parts.push(Prisma.sql`m."followers" >= ${f.followersMin}`);
  if (f.followersMax !== null) parts.push(Prisma.sql`m."followers" <= ${f.followersMax}`);
  if (f.engagementRateMin !== null) parts.push(Prisma.sql`m."engagementRate" >= CAST(${f.engagementRateMin} AS numeric)`);
  if (f.engagementRateMax !== null) parts.push(Prisma.sql`m."engagementRate" <= CAST(${f.engagementRateMax} AS numeric)`);
  if (f.countries) parts.push(Prisma.sql`m."country" = ANY(CAST(${f.countries} AS char(2)[]))`);
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
    FROM (
      SELECT m."id" AS id, ${expr} AS key
      FROM "MarketplaceInfluencer" m
      WHERE ${conditions(plan.search, plan.filter)}
    ) s
    ${keyset}
    ORDER BY s.key ${direction}, s.id ${direction}
    LIMIT ${plan.limit}`;
}

/** One page of ids with their sort keys, in display order. */
export async function searchIds(plan: SearchPlan): Promise<KeyedId[]> {
  const rows = await db().$queryRaw<{ id: string; key: string }[]>(searchIdsSql(plan));
  return plan.direction === 'forward' ? rows : rows.reverse();
}

export async function countMatches(search: string | null, filter: NormalizedFilter): Promise<number> {
  const [row] = await db().$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "MarketplaceInfluencer" m WHERE ${conditions(search, filter)}`;
  return row?.count ?? 0;
}
