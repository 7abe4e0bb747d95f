import type { Platform, Prisma } from '../../generated/prisma/client.ts';
import { db } from '../../lib/db/client';

export interface InfluencerFilter {
  platform: Platform | null;
}

type Query = { include?: Prisma.MarketplaceInfluencerInclude; select?: Prisma.MarketplaceInfluencerSelect };

function whereOf(filter: InfluencerFilter): Prisma.MarketplaceInfluencerWhereInput {
  return filter.platform ? { platform: filter.platform } : {};
}

export function countMarketplaceInfluencers(filter: InfluencerFilter) {
  return db().marketplaceInfluencer.count({ where: whereOf(filter) });
}

/** Marketplace creators are public: no tenant filter applies. Ties on followers break on id. */
export function listMarketplaceInfluencers(query: Query & Prisma.MarketplaceInfluencerFindManyArgs, filter: InfluencerFilter) {
  return db().marketplaceInfluencer.findMany({
    ...query,
    where: whereOf(filter),
    orderBy: [{ followers: 'desc' }, { id: 'asc' }],
  });
}
