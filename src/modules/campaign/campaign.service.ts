import type { CampaignStatus, Kpi, Platform, Prisma } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { ValidationError, type FieldIssue } from '../../lib/errors';
import { requireRole, tenantNodeWhere, tenantWhere } from '../../lib/tenancy';

// Campaign reads. Writes live in campaign.commands.ts.

export const MAX_CAMPAIGN_SEARCH_LENGTH = 200;
const MAX_LIST_ITEMS = 50;

export type CampaignOrderField = 'CREATED_AT' | 'START_DATE' | 'NAME' | 'BUDGET_TOTAL';
export type OrderDirection = 'ASC' | 'DESC';

export interface CampaignOrder {
  field: CampaignOrderField;
  direction: OrderDirection;
}

export interface CampaignFilter {
  statuses?: CampaignStatus[] | null;
  /** startDate >= startDateFrom (inclusive). */
  startDateFrom?: Date | null;
  /** startDate <= startDateTo (inclusive). */
  startDateTo?: Date | null;
  /** Campaigns whose primary KPI or any secondary KPI is one of these. */
  kpis?: Kpi[] | null;
  /** Campaigns targeting any of these platforms. */
  platforms?: Platform[] | null;
  /** Case-insensitive substring of the name or the brand name. */
  search?: string | null;
}

export const DEFAULT_CAMPAIGN_ORDER: CampaignOrder = { field: 'CREATED_AT', direction: 'DESC' };

/** Pothos's include/select plus its cursor/take/skip; where and orderBy are ours. */
type Query = Omit<Prisma.CampaignWizardFindManyArgs, 'where' | 'orderBy'>;
type UniqueQuery = Omit<Prisma.CampaignWizardFindFirstArgs, 'where'>;

/** Throws one ValidationError naming every invalid filter field (paths start at `filter`). */
export function validateCampaignFilter(filter: CampaignFilter): void {
  const issues: FieldIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ path: ['filter', field], message });
  if (filter.startDateFrom && filter.startDateTo && filter.startDateFrom > filter.startDateTo) {
    issue('startDateTo', 'Must not be before startDateFrom');
  }
  if (filter.search && filter.search.trim().length > MAX_CAMPAIGN_SEARCH_LENGTH) {
    issue('search', `At most ${MAX_CAMPAIGN_SEARCH_LENGTH} characters`);
  }
  for (const field of ['statuses', 'kpis', 'platforms'] as const) {
    if ((filter[field]?.length ?? 0) > MAX_LIST_ITEMS) issue(field, `At most ${MAX_LIST_ITEMS} values`);
  }
  if (issues.length) throw new ValidationError('Invalid campaign filter', issues);
}

/** The tenant filter and the client's conditions; every list and count goes through here. */
export function campaignWhere(viewer: Viewer | null, filter: CampaignFilter): Prisma.CampaignWizardWhereInput {
  requireRole(viewer, 'VIEWER');
  validateCampaignFilter(filter);
  const and: Prisma.CampaignWizardWhereInput[] = [];
  // Prisma binds `contains` as a parameter but passes LIKE wildcards through (`%`, `_` would match
  // anything), so they are escaped here with PostgreSQL's default LIKE escape, the backslash.
  const search = filter.search?.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  if (search) {
    and.push({ OR: [{ name: { contains: search, mode: 'insensitive' } }, { brandName: { contains: search, mode: 'insensitive' } }] });
  }
  if (filter.kpis?.length) {
    and.push({ OR: [{ primaryKpi: { in: filter.kpis } }, { secondaryKpis: { some: { kpi: { in: filter.kpis } } } }] });
  }
  const startDate =
    filter.startDateFrom || filter.startDateTo
      ? { gte: filter.startDateFrom ?? undefined, lte: filter.startDateTo ?? undefined }
      : undefined;
  return {
    ...tenantWhere(viewer),
    ...(filter.statuses?.length ? { status: { in: filter.statuses } } : {}),
    ...(filter.platforms?.length ? { platforms: { hasSome: filter.platforms } } : {}),
    ...(startDate ? { startDate } : {}),
    ...(and.length ? { AND: and } : {}),
  };
}

/**
 * A total order: the chosen key, then id in the same direction. Nullable keys (start date,
 * budget) put campaigns without one last in either direction.
 */
export function campaignOrderBy(order: CampaignOrder): Prisma.CampaignWizardOrderByWithRelationInput[] {
  const dir = order.direction === 'ASC' ? 'asc' : 'desc';
  const key: Record<CampaignOrderField, Prisma.CampaignWizardOrderByWithRelationInput> = {
    CREATED_AT: { createdAt: dir },
    START_DATE: { startDate: { sort: dir, nulls: 'last' } },
    NAME: { name: dir },
    BUDGET_TOTAL: { budgetTotal: { sort: dir, nulls: 'last' } },
  };
  return [key[order.field], { id: dir }];
}

/**
 * One page of the viewer's campaigns. Pothos merges the nested selection (influencers, creators,
 * assets, studies) into `query`; with relation joins it all comes back in this one statement.
 */
export function listCampaigns(query: Query, viewer: Viewer | null, filter: CampaignFilter, order: CampaignOrder) {
  return db().campaignWizard.findMany({
    ...query,
    where: campaignWhere(viewer, filter),
    orderBy: campaignOrderBy(order),
    relationLoadStrategy: 'join',
  });
}

export function countCampaigns(viewer: Viewer | null, filter: CampaignFilter) {
  return db().campaignWizard.count({ where: campaignWhere(viewer, filter) });
}

/**
 * One campaign of the viewer's organization, or null: a missing id, another organization's id
 * and a malformed id look the same. Never looked up by bare id.
 */
export async function findCampaign(query: UniqueQuery, viewer: Viewer | null, id: string) {
  return db().campaignWizard.findFirst({ ...query, where: tenantNodeWhere(id, viewer), relationLoadStrategy: 'join' });
}
