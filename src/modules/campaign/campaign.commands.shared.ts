import { Prisma, type CampaignStatus, type WizardStep } from '../../generated/prisma/client.ts';
import { ConflictError, NotFoundError } from '../../lib/errors';
import { tenantWhere, type TenantViewer } from '../../lib/tenancy';
import { auditedBy, recordAudit } from '../audit/audit.service';
import { isUuid } from '../common/ids';
import type { CommandMeta, Tx } from '../common/service';
import { EDITABLE_STATUSES, NotEditableError } from './campaign.status';
import { STEP_ORDER } from './campaign.validation';

/**
 * What the campaign commands share (campaign.commands.ts lists the commands). Every write runs in
 * one interactive transaction that first sets the tenant for row-level security, reads through the
 * tenant filter, and records its audit entry before commit. Concurrency is optimistic: every save
 * and transition names the version it read, and the update is
 * `WHERE id AND organizationId AND version = expectedVersion` (0 rows: stale, nothing written).
 * Edits of a draft's influencers and creative assets lock the campaign row (so they serialize with
 * submit) but do not bump its version.
 */

export interface VersionRef {
  campaignId: string;
  expectedVersion: number;
}

const CHILDREN = {
  contacts: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  secondaryKpis: true,
  ageBuckets: true,
  locations: true,
} satisfies Prisma.CampaignWizardInclude;
export type CampaignWithChildren = Prisma.CampaignWizardGetPayload<{ include: typeof CHILDREN }>;

export async function loadCampaign(tx: Tx, viewer: TenantViewer, id: string): Promise<CampaignWithChildren> {
  const campaign = await tx.campaignWizard.findFirst({ where: { id, ...tenantWhere(viewer) }, include: CHILDREN });
  // Another organization's campaign looks exactly like one that does not exist.
  if (!campaign) throw new NotFoundError('Campaign');
  return campaign;
}

/**
 * The campaign row as the lock reads it: what the status and version checks, a transition's audit
 * entry and submit's step check need, so a transition reads the campaign once.
 */
export interface LockedCampaign {
  id: string;
  status: CampaignStatus;
  version: number;
  currentStep: WizardStep;
  completedSteps: WizardStep[];
  submittedAt: Date | null;
  approvedAt: Date | null;
  activatedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
}

/** Locks the campaign row for the transaction, so child edits and transitions serialize. */
export async function lockCampaign(tx: Tx, viewer: TenantViewer, id: string): Promise<LockedCampaign> {
  const [row] = await lockCampaignWhere(tx, viewer, Prisma.sql`${id}::uuid`);
  if (!row) throw new NotFoundError('Campaign');
  return row;
}

// Enums as text; an unset list is NULL in the column but [] for Prisma, so coalesce to {}.
function lockCampaignWhere(tx: Tx, viewer: TenantViewer, id: Prisma.Sql) {
  return tx.$queryRaw<LockedCampaign[]>`
    SELECT id::text, status::text AS status, version, "currentStep"::text AS "currentStep",
      COALESCE("completedSteps"::text[], '{}') AS "completedSteps",
      "submittedAt", "approvedAt", "activatedAt", "completedAt", "cancelledAt"
    FROM "CampaignWizard"
    WHERE id = ${id} AND "organizationId" = ${viewer.organizationId}::uuid FOR UPDATE`;
}

const CHILD_TABLES = { CampaignInfluencer: Prisma.raw('"CampaignInfluencer"'), CreativeAsset: Prisma.raw('"CreativeAsset"') };

/**
 * Locks the draft campaign of a child row (a creator on the campaign, an asset), found through the
 * row, before the row itself is read: edits of one campaign's children then run one after the
 * other and each reads what the previous one wrote (its audit "before" included). NotFoundError
 * (named after the child) when the row is not in the viewer's organization.
 */
export async function lockDraftOfChild(tx: Tx, viewer: TenantViewer, child: keyof typeof CHILD_TABLES, childId: string) {
  if (!isUuid(childId)) throw new NotFoundError(child);
  const [campaign] = await lockCampaignWhere(
    tx,
    viewer,
    Prisma.sql`(SELECT "campaignId" FROM ${CHILD_TABLES[child]} WHERE id = ${childId}::uuid AND "organizationId" = ${viewer.organizationId}::uuid)`,
  );
  if (!campaign) throw new NotFoundError(child);
  assertEditable(campaign);
  return campaign;
}

export function assertEditable(campaign: { status: CampaignStatus }) {
  if (!EDITABLE_STATUSES.includes(campaign.status)) throw new NotEditableError(campaign.status);
}

export const STALE = 'Stale version: the campaign was changed since you read it; reload and try again';

/** The one campaign update: guarded by tenant and version, bumps the version, returns the row. */
export async function updateVersioned(tx: Tx, viewer: TenantViewer, ref: VersionRef, data: Prisma.CampaignWizardUpdateManyMutationInput) {
  const [updated] = await tx.campaignWizard.updateManyAndReturn({
    where: { id: ref.campaignId, ...tenantWhere(viewer), version: ref.expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (!updated) throw new ConflictError(STALE);
  return updated;
}

/** The campaign as the audit log records it: scalar fields and child sets in a stable order. */
export function snapshot(c: CampaignWithChildren) {
  const { id: _id, organizationId: _org, createdAt: _c, updatedAt: _u, contacts, secondaryKpis, ageBuckets, locations, ...fields } = c;
  return {
    ...fields,
    contacts: contacts.map(({ name, email, phone, role }) => ({ name, email, phone, role })),
    secondaryKpis: secondaryKpis.map((k) => k.kpi).sort(),
    ageBuckets: ageBuckets.map(({ bucket, percentage }) => ({ bucket, percentage })).sort((a, b) => a.bucket.localeCompare(b.bucket)),
    locations: locations
      .map(({ countryCode, region, city }) => ({ countryCode, region, city }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  };
}

/** Saving a step completes it and moves the wizard to the next step (never backwards). */
export function progress(c: { completedSteps: WizardStep[]; currentStep: WizardStep }, step: WizardStep) {
  const completed = STEP_ORDER.filter((s) => s === step || c.completedSteps.includes(s));
  const next = STEP_ORDER[Math.min(STEP_ORDER.indexOf(step) + 1, STEP_ORDER.length - 1)]!;
  const currentStep = STEP_ORDER.indexOf(next) > STEP_ORDER.indexOf(c.currentStep) ? next : c.currentStep;
  return { completedSteps: completed, currentStep };
}

/** The audit entry of an edit of a campaign's influencer or creative asset. */
export function auditChild(
  tx: Tx,
  viewer: TenantViewer,
  targetType: 'CAMPAIGN_INFLUENCER' | 'CREATIVE_ASSET',
  targetId: string,
  action: 'CREATE' | 'UPDATE' | 'DELETE',
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  meta: CommandMeta,
) {
  return recordAudit(tx, {
    ...auditedBy(viewer, meta),
    action,
    targetType,
    targetId,
    before,
    after,
  });
}

/** Locks the draft a child row belongs to; the campaign of another organization is NotFound. */
export async function lockDraft(tx: Tx, viewer: TenantViewer, campaignId: string) {
  const campaign = await lockCampaign(tx, viewer, campaignId);
  assertEditable(campaign);
  return campaign;
}

