import type { Viewer } from '../../lib/auth/viewer';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { requireRole, tenantWhere, type TenantViewer } from '../../lib/tenancy';
import { auditedBy, recordAudit } from '../audit/audit.service';
import { inTenantTransaction, mapUniqueViolation, type CommandMeta, type Tx } from '../common/service';
import {
  STALE,
  loadCampaign,
  lockCampaign,
  progress,
  snapshot,
  updateVersioned,
  type LockedCampaign,
  type VersionRef,
} from './campaign.commands.shared';
import { TRANSITIONS, canTransition, InvalidTransitionError, type CampaignTransition } from './campaign.status';
import { STEP_ORDER, submitIssues } from './campaign.validation';

/** A campaign's life after the wizard: the status transitions, and duplication into a new DRAFT. */

/**
 * A status transition. Checks, in order: the role the status machine asks for (ForbiddenError),
 * the campaign (NotFoundError, also for other organizations'), the current status
 * (InvalidTransitionError), the version (ConflictError) and, for SUBMIT, the whole campaign
 * (ValidationError listing every issue).
 */
export async function transitionCampaign(
  viewer: Viewer | null,
  transition: CampaignTransition,
  input: VersionRef,
  meta: CommandMeta = {},
) {
  const rule = TRANSITIONS[transition];
  requireRole(viewer, rule.role);
  return inTenantTransaction(viewer, async (tx) => {
    // The lock reads every column the checks and the audit entry need: no second read.
    const before = await lockCampaign(tx, viewer, input.campaignId);
    if (!canTransition(transition, before.status)) throw new InvalidTransitionError(transition, before.status);
    if (before.version !== input.expectedVersion) throw new ConflictError(STALE);
    if (transition === 'SUBMIT') await assertReadyToSubmit(tx, viewer, before);
    const now = new Date();
    const after = await updateVersioned(tx, viewer, input, {
      status: rule.to,
      ...(rule.stamp ? { [rule.stamp]: now } : {}),
      ...(transition === 'SUBMIT' ? progress(before, 'REVIEW') : {}),
    });
    // The audit's "after" is the row the update returned.
    const fields = (c: LockedCampaign) => ({
      status: c.status,
      version: c.version,
      completedSteps: c.completedSteps,
      currentStep: c.currentStep,
      ...(rule.stamp ? { [rule.stamp]: c[rule.stamp] } : {}),
    });
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'STATUS_CHANGE',
      targetType: 'CAMPAIGN',
      targetId: before.id,
      before: fields(before),
      after: fields(after),
    });
    return after;
  });
}

/**
 * Submit's whole-campaign check (every issue listed), on the locked row: the lock gave the steps,
 * and one read gives the dates, budgets, age buckets and the creator and active-asset counts.
 */
async function assertReadyToSubmit(tx: Tx, viewer: TenantViewer, locked: LockedCampaign) {
  const c = await tx.campaignWizard.findFirst({
    where: { id: locked.id, ...tenantWhere(viewer) },
    select: {
      startDate: true,
      endDate: true,
      budgetTotal: true,
      budgetSocial: true,
      ageBuckets: { select: { percentage: true } },
      _count: {
        select: {
          influencers: { where: tenantWhere(viewer) },
          assets: { where: { ...tenantWhere(viewer), isActive: true } },
        },
      },
    },
  });
  if (!c) throw new NotFoundError('Campaign');
  const issues = submitIssues({
    completedSteps: locked.completedSteps,
    startDate: c.startDate,
    endDate: c.endDate,
    budgetTotal: c.budgetTotal?.toFixed(2) ?? null,
    budgetSocial: c.budgetSocial?.toFixed(2) ?? null,
    ageBuckets: c.ageBuckets,
    influencerCount: c._count.influencers,
    activeAssetCount: c._count.assets,
  });
  if (issues.length) throw new ValidationError('The campaign is not ready to submit', issues);
}

/** "Name (copy)", or "Name (copy 2)", ... : the first one not taken in the organization. */
async function copyName(tx: Tx, viewer: TenantViewer, name: string) {
  const base = `${name.replace(/ \(copy(?: \d+)?\)$/, '').slice(0, 180)} (copy`;
  const taken = new Set(
    (await tx.campaignWizard.findMany({ where: { ...tenantWhere(viewer), name: { startsWith: base } }, select: { name: true } })).map((c) => c.name),
  );
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base})` : `${base} ${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * A new DRAFT with the source's details, objectives and audience (contacts, KPIs, age buckets and
 * locations copied as new rows). Influencers and creative assets are NOT copied: they are
 * commitments to people and files of the original campaign, so the copy's ASSETS step is open again.
 */
export async function duplicateCampaign(viewer: Viewer | null, input: { campaignId: string }, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return mapUniqueViolation('The copy name was taken concurrently; try again', () =>
    inTenantTransaction(viewer, async (tx) => {
      const source = await loadCampaign(tx, viewer, input.campaignId);
      const org = viewer.organizationId;
      const completedSteps = STEP_ORDER.filter((s) => s !== 'ASSETS' && s !== 'REVIEW' && source.completedSteps.includes(s));
      const currentStep = STEP_ORDER.find((s) => !completedSteps.includes(s)) ?? 'DETAILS';
      const { id: _id, organizationId: _o, createdAt: _c, updatedAt: _u, contacts, secondaryKpis, ageBuckets, locations, ...fields } = source;
      const copy = await tx.campaignWizard.create({
        data: {
          ...fields,
          name: await copyName(tx, viewer, source.name),
          status: 'DRAFT',
          version: 1,
          completedSteps,
          currentStep,
          createdById: viewer.userId,
          submittedAt: null,
          approvedAt: null,
          activatedAt: null,
          completedAt: null,
          cancelledAt: null,
          organizationId: org,
        },
        select: { id: true },
      });
      const child = { campaignId: copy.id, organizationId: org };
      await tx.campaignContact.createMany({ data: contacts.map(({ name, email, phone, role }) => ({ name, email, phone, role, ...child })) });
      await tx.campaignSecondaryKpi.createMany({ data: secondaryKpis.map(({ kpi }) => ({ kpi, ...child })) });
      await tx.campaignAudienceAge.createMany({ data: ageBuckets.map(({ bucket, percentage }) => ({ bucket, percentage, ...child })) });
      await tx.campaignLocation.createMany({ data: locations.map(({ countryCode, region, city }) => ({ countryCode, region, city, ...child })) });
      const after = await loadCampaign(tx, viewer, copy.id);
      await recordAudit(tx, {
        ...auditedBy(viewer, meta),
        action: 'CREATE',
        targetType: 'CAMPAIGN',
        targetId: copy.id,
        after: { ...snapshot(after), duplicatedFromId: source.id },
      });
      return after;
    }),
  );
}
