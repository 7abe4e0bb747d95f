import { AssetType, CampaignStatus, Prisma, type Currency, type Platform } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { ValidationError } from '../../lib/errors';
import { requireRole, tenantWhere } from '../../lib/tenancy';

// Analyst aggregates over the viewer's campaigns. Everything is computed in SQL (groupBy or one
// aggregate query per section); no campaign, creator or asset row is ever loaded into the process.
// The organization is always the viewer's own, passed as a bound parameter.

export interface AnalyticsFilter {
  /** Campaigns starting on or after this day (inclusive); campaigns without a start date are left out. */
  startDateFrom?: Date | null;
  /** Campaigns starting on or before this day (inclusive). */
  startDateTo?: Date | null;
}

/** The validated tenant and date range every section is computed over. */
export interface AnalyticsScope {
  organizationId: string;
  from: Date | null;
  to: Date | null;
}

/** Checks role and filter up front, so a bad filter is a typed error before any section runs. */
export function analyticsScope(viewer: Viewer | null, filter: AnalyticsFilter | null | undefined): AnalyticsScope {
  requireRole(viewer, 'VIEWER');
  const from = filter?.startDateFrom ?? null;
  const to = filter?.startDateTo ?? null;
  if (from && to && from > to) {
    throw new ValidationError('Invalid analytics filter', [{ path: ['filter', 'startDateTo'], message: 'Must not be before startDateFrom' }]);
  }
  return { ...tenantWhere(viewer), from, to };
}

function campaignWhere(scope: AnalyticsScope): Prisma.CampaignWizardWhereInput {
  const startDate = scope.from || scope.to ? { gte: scope.from ?? undefined, lte: scope.to ?? undefined } : undefined;
  return { organizationId: scope.organizationId, ...(startDate ? { startDate } : {}) };
}

/** The same condition as campaignWhere, for raw SQL over "CampaignWizard" aliased `c`. */
function campaignSql(scope: AnalyticsScope): Prisma.Sql {
  return Prisma.sql`c."organizationId" = ${scope.organizationId}::uuid
    AND (${scope.from}::date IS NULL OR c."startDate" >= ${scope.from}::date)
    AND (${scope.to}::date IS NULL OR c."startDate" <= ${scope.to}::date)`;
}

const order = <T extends string>(values: Record<string, T>) => {
  const rank = new Map(Object.values(values).map((v, i) => [v, i]));
  return (a: { key: T }, b: { key: T }) => rank.get(a.key)! - rank.get(b.key)!;
};

export async function campaignsByStatus(scope: AnalyticsScope): Promise<{ status: CampaignStatus; count: number }[]> {
  const groups = await db().campaignWizard.groupBy({ by: ['status'], where: campaignWhere(scope), _count: { _all: true } });
  return groups
    .map((g) => ({ key: g.status, status: g.status, count: g._count._all }))
    .sort(order(CampaignStatus))
    .map(({ status, count }) => ({ status, count }));
}

export interface BudgetTotal {
  currency: Currency;
  campaigns: number;
  /** Sum of budgetTotal; campaigns without a budget add nothing. */
  total: string;
  social: string;
}

export async function budgetsByCurrency(scope: AnalyticsScope): Promise<BudgetTotal[]> {
  const groups = await db().campaignWizard.groupBy({
    by: ['currency'],
    where: campaignWhere(scope),
    _count: { _all: true },
    _sum: { budgetTotal: true, budgetSocial: true },
    orderBy: { currency: 'asc' },
  });
  return groups.map((g) => ({
    currency: g.currency,
    campaigns: g._count._all,
    total: (g._sum.budgetTotal ?? new Prisma.Decimal(0)).toFixed(2),
    social: (g._sum.budgetSocial ?? new Prisma.Decimal(0)).toFixed(2),
  }));
}

export interface CreatorsPerCampaign {
  campaigns: number;
  /** Mean creators per campaign (campaigns without creators count as 0), 2 decimals. */
  average: string;
  max: number;
}

export async function creatorsPerCampaign(scope: AnalyticsScope): Promise<CreatorsPerCampaign> {
  const [row] = await db().$queryRaw<CreatorsPerCampaign[]>`
    SELECT count(*)::int AS campaigns, round(coalesce(avg(n), 0), 2)::text AS average, coalesce(max(n), 0)::int AS max
    FROM (
      SELECT count(ci.id) AS n
      FROM "CampaignWizard" c
      LEFT JOIN "CampaignInfluencer" ci ON ci."campaignId" = c.id AND ci."organizationId" = c."organizationId"
      WHERE ${campaignSql(scope)}
      GROUP BY c.id
    ) per_campaign`;
  return row!;
}

export interface PlatformReach {
  platform: Platform;
  /** Distinct creators: one on two campaigns counts once. */
  creators: number;
  /** Creator placements (CampaignInfluencer rows). */
  placements: number;
  totalFollowers: string;
  averageFollowers: string;
}

export function reachByPlatform(scope: AnalyticsScope): Promise<PlatformReach[]> {
  return db().$queryRaw<PlatformReach[]>`
    SELECT m.platform::text AS platform, count(*)::int AS creators, sum(d.placements)::int AS placements,
           sum(m.followers)::text AS "totalFollowers", round(avg(m.followers), 2)::text AS "averageFollowers"
    FROM (
      SELECT ci."marketplaceInfluencerId" AS id, count(*) AS placements
      FROM "CampaignInfluencer" ci
      JOIN "CampaignWizard" c ON c.id = ci."campaignId" AND c."organizationId" = ci."organizationId"
      WHERE ${campaignSql(scope)}
      GROUP BY ci."marketplaceInfluencerId"
    ) d
    JOIN "MarketplaceInfluencer" m ON m.id = d.id
    GROUP BY m.platform
    ORDER BY m.platform`;
}

export async function assetsByType(scope: AnalyticsScope): Promise<{ type: AssetType; count: number; activeCount: number }[]> {
  const groups = await db().creativeAsset.groupBy({
    by: ['type', 'isActive'],
    where: { organizationId: scope.organizationId, campaign: campaignWhere(scope) },
    _count: { _all: true },
  });
  const byType = new Map<AssetType, { key: AssetType; type: AssetType; count: number; activeCount: number }>();
  for (const g of groups) {
    const entry = byType.get(g.type) ?? { key: g.type, type: g.type, count: 0, activeCount: 0 };
    entry.count += g._count._all;
    if (g.isActive) entry.activeCount += g._count._all;
    byType.set(g.type, entry);
  }
  return [...byType.values()].sort(order(AssetType)).map(({ type, count, activeCount }) => ({ type, count, activeCount }));
}
