import type { Prisma, WizardStep } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { ConflictError } from '../../lib/errors';
import { requireRole, tenantWhere, type TenantViewer } from '../../lib/tenancy';
import { auditedBy, recordAudit } from '../audit/audit.service';
import { inTenantTransaction, mapUniqueViolation, parseInput, usable, type CommandMeta, type Tx } from '../common/service';
import {
  STALE,
  assertEditable,
  loadCampaign,
  progress,
  snapshot,
  updateVersioned,
  type CampaignWithChildren,
  type VersionRef,
} from './campaign.commands.shared';
import {
  audienceSchema,
  detailsSchema,
  objectivesSchema,
  type AudienceInput,
  type DetailsInput,
  type ObjectivesInput,
} from './campaign.validation';

/**
 * The wizard's steps: createCampaign (step 1 as a new DRAFT) and the step saves. Each save loads
 * the campaign, checks it is an editable draft at the expected version, writes the step with one
 * versioned update, and audits the whole campaign before and after (campaign.commands.shared.ts).
 */

function detailsData(d: DetailsInput) {
  return {
    name: d.name,
    brandName: d.brandName,
    businessGoal: d.businessGoal,
    description: d.description ?? null,
    startDate: d.startDate,
    endDate: d.endDate,
    timeZone: d.timeZone,
    budgetTotal: d.budgetTotal,
    budgetSocial: d.budgetSocial,
    currency: d.currency,
  };
}

const NAME_TAKEN = 'A campaign with this name already exists in your organization';

async function assertNameFree(tx: Tx, viewer: TenantViewer, name: string, exceptId?: string) {
  const clash = await tx.campaignWizard.findFirst({
    where: { ...tenantWhere(viewer), name, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new ConflictError(NAME_TAKEN);
}

async function replaceContacts(tx: Tx, viewer: TenantViewer, campaignId: string, contacts: DetailsInput['contacts']) {
  if (contacts == null) return;
  // Contacts have no natural key, so the set is replaced; they carry no history of their own.
  await tx.campaignContact.deleteMany({ where: { campaignId, ...tenantWhere(viewer) } });
  await tx.campaignContact.createMany({
    data: contacts.map((c) => ({ ...c, phone: c.phone ?? null, campaignId, organizationId: viewer.organizationId })),
  });
}

/** Step 1 as a new DRAFT campaign: DETAILS complete, the wizard on OBJECTIVES. */
export async function createCampaign(viewer: Viewer | null, input: unknown, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const details = parseInput(detailsSchema, input, 'Invalid campaign details');
  return mapUniqueViolation(NAME_TAKEN, () =>
    inTenantTransaction(viewer, async (tx) => {
      await assertNameFree(tx, viewer, details.name);
      const created = await tx.campaignWizard.create({
        data: {
          ...detailsData(details),
          organizationId: viewer.organizationId,
          createdById: viewer.userId,
          ...progress({ completedSteps: [], currentStep: 'DETAILS' }, 'DETAILS'),
        },
        select: { id: true },
      });
      await replaceContacts(tx, viewer, created.id, details.contacts);
      const after = await loadCampaign(tx, viewer, created.id);
      await recordAudit(tx, {
        ...auditedBy(viewer, meta),
        action: 'CREATE',
        targetType: 'CAMPAIGN',
        targetId: created.id,
        after: snapshot(after),
      });
      return after;
    }),
  );
}

/** The shape of every step save: load, check, versioned update, children, audit; all or nothing. */
async function saveStep(
  viewer: TenantViewer,
  ref: VersionRef,
  step: WizardStep,
  meta: CommandMeta,
  write: (tx: Tx, before: CampaignWithChildren) => Promise<Prisma.CampaignWizardUpdateManyMutationInput>,
) {
  return inTenantTransaction(viewer, async (tx) => {
    const before = await loadCampaign(tx, viewer, ref.campaignId);
    assertEditable(before);
    if (before.version !== ref.expectedVersion) throw new ConflictError(STALE);
    const data = await write(tx, before);
    await updateVersioned(tx, viewer, ref, { ...data, ...progress(before, step) });
    const after = await loadCampaign(tx, viewer, ref.campaignId);
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'UPDATE',
      targetType: 'CAMPAIGN',
      targetId: before.id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

export async function saveCampaignDetails(viewer: Viewer | null, input: VersionRef & Record<string, unknown>, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const { campaignId, expectedVersion, ...rest } = input;
  const details = parseInput(detailsSchema, rest, 'Invalid campaign details');
  return mapUniqueViolation(NAME_TAKEN, () =>
    saveStep(viewer, { campaignId, expectedVersion }, 'DETAILS', meta, async (tx) => {
      await assertNameFree(tx, viewer, details.name, campaignId);
      await replaceContacts(tx, viewer, campaignId, details.contacts);
      return detailsData(details);
    }),
  );
}

export async function saveCampaignObjectives(viewer: Viewer | null, input: VersionRef & Record<string, unknown>, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const { campaignId, expectedVersion, ...rest } = input;
  const o: ObjectivesInput = parseInput(objectivesSchema, rest, 'Invalid campaign objectives');
  return saveStep(viewer, { campaignId, expectedVersion }, 'OBJECTIVES', meta, async (tx) => {
    // Edit the KPI set in place: remove what is gone, add what is new, keep the rest.
    await tx.campaignSecondaryKpi.deleteMany({ where: { campaignId, ...tenantWhere(viewer), kpi: { notIn: o.secondaryKpis } } });
    await tx.campaignSecondaryKpi.createMany({
      data: o.secondaryKpis.map((kpi) => ({ kpi, campaignId, organizationId: viewer.organizationId })),
      skipDuplicates: true,
    });
    return { primaryKpi: o.primaryKpi, platforms: o.platforms, keyMessage: o.keyMessage, callToAction: o.callToAction ?? null };
  });
}

export async function saveCampaignAudience(viewer: Viewer | null, input: VersionRef & Record<string, unknown>, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const { campaignId, expectedVersion, ...rest } = input;
  const a: AudienceInput = parseInput(audienceSchema, rest, 'Invalid campaign audience');
  return saveStep(viewer, { campaignId, expectedVersion }, 'AUDIENCE', meta, async (tx, before) => {
    const scope = { campaignId, ...tenantWhere(viewer) };
    const buckets = a.ageBuckets.map((b) => b.bucket);
    await tx.campaignAudienceAge.deleteMany({ where: { ...scope, bucket: { notIn: buckets } } });
    for (const { bucket, percentage } of a.ageBuckets) {
      const existing = before.ageBuckets.find((b) => b.bucket === bucket);
      if (existing && existing.percentage !== percentage) {
        await tx.campaignAudienceAge.updateMany({ where: { ...scope, bucket }, data: { percentage } });
      }
    }
    const added = a.ageBuckets.filter((b) => !before.ageBuckets.some((e) => e.bucket === b.bucket));
    await tx.campaignAudienceAge.createMany({ data: added.map((b) => ({ ...b, campaignId, organizationId: viewer.organizationId })) });
    // Locations have no natural key (region and city are optional), so the set is replaced.
    await tx.campaignLocation.deleteMany({ where: scope });
    await tx.campaignLocation.createMany({
      data: a.locations.map((l) => ({
        countryCode: l.countryCode,
        region: l.region ?? null,
        city: l.city ?? null,
        campaignId,
        organizationId: viewer.organizationId,
      })),
    });
    return { genders: a.genders, languages: a.languages, interests: a.interests };
  });
}

/** Step 4: the assets themselves are edited by the asset mutations; this marks the step done. */
export async function saveCampaignAssets(viewer: Viewer | null, input: VersionRef, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return saveStep(viewer, input, 'ASSETS', meta, async () => ({}));
}

/** The campaign for a payload, loaded with Pothos's query through the tenant filter. */
export function findCampaignForPayload<Q extends object>(query: Q, viewer: Viewer | null, id: string) {
  return db().campaignWizard.findFirstOrThrow({ ...usable(query), where: { id, ...tenantWhere(viewer) } });
}
