import type { Platform, Prisma } from '../../generated/prisma/client.ts';
import { db } from '../../lib/db/client';
import { ValidationError, type FieldIssue } from '../../lib/errors';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { MAX_PAGE_SIZE } from '../common/pagination';
import { countMatches, searchIds, type MarketplaceOrder, type NormalizedFilter, type SearchPlan } from './influencer.search';

export const MAX_SEARCH_LENGTH = 200;
const DEFAULT_PAGE_SIZE = 20;
const MAX_LIST_ITEMS = 50;

export interface MarketplaceFilterInput {
  platforms?: Platform[] | null;
  followersMin?: number | null;
  followersMax?: number | null;
  engagementRateMin?: string | null;
  engagementRateMax?: string | null;
  countries?: string[] | null;
  categories?: string[] | null;
  verified?: boolean | null;
  minAudienceQualityScore?: string | null;
}

export interface MarketplaceSearchInput {
  search?: string | null;
  filter?: MarketplaceFilterInput | null;
  orderBy?: MarketplaceOrder | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

type Query = { include?: Prisma.MarketplaceInfluencerInclude; select?: Prisma.MarketplaceInfluencerSelect };

function normalizeFilter(input: MarketplaceFilterInput | null | undefined, issues: FieldIssue[]): NormalizedFilter {
  const f = input ?? {};
  const issue = (field: string, message: string) => issues.push({ path: ['filter', field], message });
  const list = <T>(field: string, values: T[] | null | undefined, ok: (v: T) => boolean, message: string) => {
    if (!values || values.length === 0) return null;
    if (values.length > MAX_LIST_ITEMS) issue(field, `At most ${MAX_LIST_ITEMS} values`);
    else if (!values.every(ok)) issue(field, message);
    return values;
  };
  const range = (field: string, value: string | null | undefined, max: number) => {
    if (value == null) return null;
    if (Number(value) < 0 || Number(value) > max) issue(field, `Must be between 0 and ${max}`);
    return value;
  };
  const count = (field: string, value: number | null | undefined) => {
    if (value == null) return null;
    if (value < 0) issue(field, 'Must not be negative');
    return value;
  };
  const filter: NormalizedFilter = {
    platforms: list('platforms', f.platforms, () => true, ''),
    followersMin: count('followersMin', f.followersMin),
    followersMax: count('followersMax', f.followersMax),
    engagementRateMin: range('engagementRateMin', f.engagementRateMin, 1),
    engagementRateMax: range('engagementRateMax', f.engagementRateMax, 1),
    countries: list('countries', f.countries?.map((c) => c.trim().toUpperCase()), (c) => /^[A-Z]{2}$/.test(c), 'Countries are ISO 3166-1 alpha-2 codes, e.g. "DE"'),
    categories: list('categories', f.categories?.map((c) => c.trim().toLowerCase()), (c) => c.length > 0 && c.length <= 64, 'Categories are 1 to 64 characters'),
    verified: f.verified ?? null,
    minAudienceQualityScore: range('minAudienceQualityScore', f.minAudienceQualityScore, 100),
  };
  if (filter.followersMin !== null && filter.followersMax !== null && filter.followersMin > filter.followersMax) {
    issue('followersMax', 'Must not be less than followersMin');
  }
  const { engagementRateMin: lo, engagementRateMax: hi } = filter;
  if (lo !== null && hi !== null && Number(lo) > Number(hi)) issue('engagementRateMax', 'Must not be less than engagementRateMin');
  return filter;
}

/** Turns the field's arguments into a validated plan, or throws one ValidationError listing every issue. */
export function planMarketplaceSearch(input: MarketplaceSearchInput): SearchPlan {
  const issues: FieldIssue[] = [];
  // Whitespace-only text is no search at all; the limit applies to what is actually searched.
  const search = input.search?.trim() || null;
  if (search && search.length > MAX_SEARCH_LENGTH) {
    issues.push({ path: ['search'], message: `Search text is at most ${MAX_SEARCH_LENGTH} characters` });
  }
  const order: MarketplaceOrder = input.orderBy ?? (search ? 'RELEVANCE' : 'FOLLOWERS');
  if (order === 'RELEVANCE' && !search) issues.push({ path: ['orderBy'], message: 'RELEVANCE ordering needs a search' });
  const filter = normalizeFilter(input.filter, issues);
  const { first, last, after, before } = input;
  if ((first != null || after != null) && (last != null || before != null)) {
    issues.push({ path: ['last'], message: 'Page forward (first/after) or backward (last/before), not both' });
  }
  if ((first ?? 0) < 0 || (last ?? 0) < 0) issues.push({ path: [first != null ? 'first' : 'last'], message: 'Must not be negative' });
  if (issues.length) throw new ValidationError(issues[0]!.message, issues);
  const direction = last != null || before != null ? 'backward' : 'forward';
  const size = Math.min(direction === 'forward' ? (first ?? DEFAULT_PAGE_SIZE) : (last ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const rawCursor = direction === 'forward' ? after : before;
  const cursor = rawCursor ? decodeCursor(rawCursor, order, direction === 'forward' ? 'after' : 'before') : null;
  return { search, filter, order, direction, cursor, limit: size + 1 };
}

/**
 * Marketplace creators are public: no tenant filter applies. Two statements per page (ids and
 * sort keys by raw SQL, then the rows with the GraphQL selection) and one more for totalCount,
 * only when it is selected.
 */
export async function searchMarketplaceInfluencers<Q extends Query>(query: Q, input: MarketplaceSearchInput) {
  const plan = planMarketplaceSearch(input);
  const size = plan.limit - 1;
  const keyed = await searchIds(plan);
  const more = keyed.length > size;
  // Backward pages arrive in display order with the surplus row (furthest from the cursor) first.
  const page = plan.direction === 'forward' ? keyed.slice(0, size) : keyed.slice(more ? 1 : 0);
  const rows =
    page.length === 0
      ? []
      : await db().marketplaceInfluencer.findMany({ ...query, where: { id: { in: page.map((k) => k.id) } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const edges = page.flatMap(({ id, key }) => {
    const node = byId.get(id);
    return node ? [{ cursor: encodeCursor({ order: plan.order, key, id }), node }] : [];
  });
  const forward = plan.direction === 'forward';
  return {
    edges,
    pageInfo: {
      hasNextPage: forward ? more : plan.cursor !== null,
      hasPreviousPage: forward ? plan.cursor !== null : more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    /** Evaluated only when the client selects totalCount. */
    totalCount: () => countMatches(plan.search, plan.filter),
  };
}
