// Campaigns of one organization with everything hanging off them. Idempotent per campaign: a
// campaign whose (organizationId, name) already exists is left as it is, children included.
import type pg from 'pg';
import { type AssetSpec, type InfluencerPlan, brandAsset, influencerSpecs } from './campaign-influencer.generate';
import type { CampaignSpec } from './campaign.generate';
import { creatorIds } from './creator.insert';
import { type Tally, insertRows } from './db';
import type { OrgIds } from './organization.insert';
import type { OrgSpec } from './organization.generate';

export interface NewCampaign { spec: CampaignSpec; id: string }

export async function insertCampaigns(
  db: pg.PoolClient, org: OrgSpec, ids: OrgIds, specs: CampaignSpec[], tally: Tally,
): Promise<NewCampaign[]> {
  const o = ids.organizationId;
  const result = await insertRows<{ id: string; name: string }>(db, {
    table: 'CampaignWizard',
    columns: [
      ['organizationId', 'uuid'], ['name', 'text'], ['brandName', 'text'], ['businessGoal', '"BusinessGoal"'],
      ['description', 'text'], ['startDate', 'date'], ['endDate', 'date'], ['timeZone', 'text'],
      ['budgetTotal', 'numeric'], ['budgetSocial', 'numeric'], ['currency', '"Currency"'], ['primaryKpi', '"Kpi"'],
      ['platforms', 'text', `string_to_array(t."platforms", ',')::"Platform"[]`], ['keyMessage', 'text'],
      ['callToAction', 'text'], ['genders', 'text', `string_to_array(t."genders", ',')::"Gender"[]`],
      ['languages', 'text', `string_to_array(t."languages", ',')`], ['interests', 'text', `string_to_array(t."interests", ',')`],
      ['currentStep', '"WizardStep"'], ['completedSteps', 'text', `string_to_array(t."completedSteps", ',')::"WizardStep"[]`],
      ['status', '"CampaignStatus"'], ['version', 'int'], ['createdById', 'uuid'], ['submittedAt', 'timestamp'],
      ['approvedAt', 'timestamp'], ['activatedAt', 'timestamp'], ['completedAt', 'timestamp'], ['cancelledAt', 'timestamp'],
      ['createdAt', 'timestamp'],
    ],
    rows: specs.map((c) => [
      o, c.name, c.brandName, c.businessGoal, c.description, c.startDate, c.endDate, c.timeZone, c.budgetTotal,
      c.budgetSocial, c.currency, c.primaryKpi, c.platforms.join(','), c.keyMessage, c.callToAction, c.genders.join(','),
      c.languages.join(','), c.interests.join(','), c.currentStep, c.completedSteps.join(','), c.status, c.version,
      ids.users[c.createdBy], c.submittedAt, c.approvedAt, c.activatedAt, c.completedAt, c.cancelledAt, c.createdAt,
    ]),
    conflict: 'ON CONFLICT ("organizationId", "name") DO NOTHING',
    returning: 'id, name',
  });
  tally.add('CampaignWizard', result.rowCount);
  const idByName = new Map(result.rows.map((r) => [r.name, r.id]));
  const created = specs.flatMap((spec) => {
    const id = idByName.get(spec.name);
    return id ? [{ spec, id }] : [];
  });

  const childRows = <T>(pick: (c: CampaignSpec) => T[], row: (item: T, c: NewCampaign) => unknown[]): unknown[][] =>
    created.flatMap((c) => pick(c.spec).map((item) => [o, c.id, ...row(item, c), c.spec.createdAt]));
  const children = [
    { table: 'CampaignContact', columns: [['name', 'text'], ['email', 'text'], ['phone', 'text'], ['role', '"ContactRole"']],
      rows: childRows((c) => c.contacts, (x) => [x.name, x.email, x.phone, x.role]) },
    { table: 'CampaignSecondaryKpi', columns: [['kpi', '"Kpi"']], rows: childRows((c) => c.secondaryKpis, (k) => [k]) },
    { table: 'CampaignAudienceAge', columns: [['bucket', '"AgeBucket"'], ['percentage', 'int']],
      rows: childRows((c) => c.ageBuckets, ([bucket, pct]) => [bucket, pct]) },
    { table: 'CampaignLocation', columns: [['countryCode', 'text'], ['region', 'text'], ['city', 'text']],
      rows: childRows((c) => c.locations, (l) => [l.countryCode, l.region, l.city]) },
  ] as const;
  for (const { table, columns, rows } of children) {
    const r = await insertRows(db, {
      table,
      columns: [['organizationId', 'uuid'], ['campaignId', 'uuid'], ...columns, ['createdAt', 'timestamp']],
      rows,
    });
    tally.add(table, r.rowCount);
  }
  await insertCampaignAudit(db, ids, created, tally);
  return created;
}

async function insertCampaignAudit(db: pg.PoolClient, ids: OrgIds, created: NewCampaign[], tally: Tally): Promise<void> {
  const o = ids.organizationId;
  const rows = created.flatMap(({ spec, id }) => [
    [o, ids.users[spec.createdBy], 'CREATE', 'CAMPAIGN', id, null,
      JSON.stringify({ name: spec.name, brandName: spec.brandName, status: 'DRAFT', currency: spec.currency }), 'seed', spec.createdAt],
    ...spec.transitions.map((t) => [
      o, t.by ? ids.users[t.by] : null, 'STATUS_CHANGE', 'CAMPAIGN', id,
      JSON.stringify({ status: t.from }), JSON.stringify({ status: t.to }), 'seed', t.at,
    ]),
  ]);
  const r = await insertRows(db, { table: 'AuditLog', columns: AUDIT_COLUMNS, rows });
  tally.add('AuditLog', r.rowCount);
}

export const AUDIT_COLUMNS = [
  ['organizationId', 'uuid'], ['actorId', 'uuid'], ['action', '"AuditAction"'], ['targetType', '"AuditTargetType"'],
  ['targetId', 'uuid'], ['before', 'jsonb'], ['after', 'jsonb'], ['requestId', 'text'], ['createdAt', 'timestamp'],
] as const;

/** Creators on the new campaigns, each with its assets, plus one brand film per campaign. */
export async function insertInfluencersAndAssets(
  db: pg.PoolClient, org: OrgSpec, ids: OrgIds, created: NewCampaign[], plan: InfluencerPlan,
  primaryFor: ReadonlySet<number>, tally: Tally,
): Promise<void> {
  const o = ids.organizationId;
  const planned = created.map((c) => ({ ...c, influencers: influencerSpecs(org, c.spec, plan) }));
  const creatorIdByIndex = await creatorIds(db, planned.flatMap((c) => c.influencers.map((i) => i.creatorIndex)));
  const result = await insertRows<{ id: string; campaignId: string; marketplaceInfluencerId: string }>(db, {
    table: 'CampaignInfluencer',
    columns: [
      ['organizationId', 'uuid'], ['campaignId', 'uuid'], ['marketplaceInfluencerId', 'uuid'],
      ['status', '"CampaignInfluencerStatus"'], ['agreedFee', 'numeric'], ['feeCurrency', '"Currency"'], ['notes', 'text'],
      ['addedById', 'uuid'], ['createdAt', 'timestamp'],
    ],
    rows: planned.flatMap((c) => c.influencers.map((i) => [
      o, c.id, creatorIdByIndex.get(i.creatorIndex), i.status, i.agreedFee, i.feeCurrency, i.notes, ids.users[i.addedBy], i.createdAt,
    ])),
    returning: 'id, "campaignId", "marketplaceInfluencerId"',
  });
  tally.add('CampaignInfluencer', result.rowCount);
  const ciId = new Map(result.rows.map((r) => [`${r.campaignId}/${r.marketplaceInfluencerId}`, r.id]));

  const assetRows: unknown[][] = [];
  const push = (c: NewCampaign, ci: string | null, a: AssetSpec, primary: boolean, createdAt: string): void => {
    assetRows.push([o, c.id, ci, a.name, a.description, a.type, a.url, a.mimeType, a.sizeBytes, a.width, a.height,
      a.durationSeconds, a.isActive, primary, ids.users[a.createdBy], createdAt]);
  };
  for (const c of planned) {
    push(c, null, brandAsset(org, c.spec), primaryFor.has(c.spec.index), c.spec.createdAt);
    for (const i of c.influencers) {
      const ci = ciId.get(`${c.id}/${creatorIdByIndex.get(i.creatorIndex)}`);
      if (ci) for (const a of i.assets) push(c, ci, a, false, i.createdAt);
    }
  }
  const assets = await insertRows(db, {
    table: 'CreativeAsset',
    columns: [
      ['organizationId', 'uuid'], ['campaignId', 'uuid'], ['campaignInfluencerId', 'uuid'], ['name', 'text'],
      ['description', 'text'], ['type', '"AssetType"'], ['url', 'text'], ['mimeType', 'text'], ['sizeBytes', 'bigint'],
      ['width', 'int'], ['height', 'int'], ['durationSeconds', 'numeric'], ['isActive', 'boolean'],
      ['isPrimaryForBrandLift', 'boolean'], ['createdById', 'uuid'], ['createdAt', 'timestamp'],
    ],
    rows: assetRows,
  });
  tally.add('CreativeAsset', assets.rowCount);
}
