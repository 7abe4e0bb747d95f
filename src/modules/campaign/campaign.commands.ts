import { Prisma, type CampaignInfluencerStatus, type Currency, type WizardStep } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { requireRole, tenantWhere, type TenantViewer } from '../../lib/tenancy';
import { recordAudit } from '../audit/audit.service';
import { inTenantTransaction, isUniqueViolation, mapUniqueViolation, type Tx } from '../common/service';

export { inTenantTransaction, isUniqueViolation, mapUniqueViolation };
import { EDITABLE_STATUSES, NotEditableError, TRANSITIONS, canTransition, InvalidTransitionError, type CampaignTransition } from './campaign.status';
import {
  STEP_ORDER,
  audienceSchema,
  detailsSchema,
  objectivesSchema,
  parseInput,
  submitIssues,
  assetConsistencySchema,
  createAssetSchema,
  influencerUpdateSchema,
  updateAssetSchema,
  type AudienceInput,
  type CreateAssetInput,
  type DetailsInput,
  type UpdateAssetInput,
  type ObjectivesInput,
} from './campaign.validation';

/**
 * Writes of the campaign wizard: the step saves, submit and the other status transitions, and
 * duplication. Every write runs in one interactive transaction that first sets the tenant for
 * row-level security, reads through the tenant filter, and records its audit entry before commit.
 * Concurrency is optimistic: every save and transition names the version it read, and the update
 * is `WHERE id AND organizationId AND version = expectedVersion` (0 rows: stale, nothing written).
 * The second half of this file edits a draft's influencers and creative assets; those edits lock
 * the campaign row (so they serialize with submit) but do not bump its version.
 */

export type { Tx } from '../common/service';
/** Request facts services record but do not decide on. */
export interface CommandMeta {
  requestId?: string | null;
}
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
type CampaignWithChildren = Prisma.CampaignWizardGetPayload<{ include: typeof CHILDREN }>;

async function loadCampaign(tx: Tx, viewer: TenantViewer, id: string): Promise<CampaignWithChildren> {
  const campaign = await tx.campaignWizard.findFirst({ where: { id, ...tenantWhere(viewer) }, include: CHILDREN });
  // Another organization's campaign looks exactly like one that does not exist.
  if (!campaign) throw new NotFoundError('Campaign');
  return campaign;
}

/** Locks the campaign row for the transaction, so child edits and transitions serialize. */
export async function lockCampaign(tx: Tx, viewer: TenantViewer, id: string) {
  const rows = await tx.$queryRaw<{ id: string; status: CampaignWithChildren['status']; version: number }[]>`
    SELECT id::text, status::text AS status, version FROM "CampaignWizard"
    WHERE id = ${id}::uuid AND "organizationId" = ${viewer.organizationId}::uuid FOR UPDATE`;
  if (!rows[0]) throw new NotFoundError('Campaign');
  return rows[0];
}

export function assertEditable(campaign: { status: CampaignWithChildren['status'] }) {
  if (!EDITABLE_STATUSES.includes(campaign.status)) throw new NotEditableError(campaign.status);
}

const STALE = 'Stale version: the campaign was changed since you read it; reload and try again';

/** The one campaign update: guarded by tenant and version, bumps the version. */
async function updateVersioned(tx: Tx, viewer: TenantViewer, ref: VersionRef, data: Prisma.CampaignWizardUpdateManyMutationInput) {
  const { count } = await tx.campaignWizard.updateMany({
    where: { id: ref.campaignId, ...tenantWhere(viewer), version: ref.expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw new ConflictError(STALE);
}

/** The campaign as the audit log records it: scalar fields and child sets in a stable order. */
function snapshot(c: CampaignWithChildren) {
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
        organizationId: viewer.organizationId,
        actorId: viewer.userId,
        action: 'CREATE',
        targetType: 'CAMPAIGN',
        targetId: created.id,
        after: snapshot(after),
        requestId: meta.requestId,
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
      organizationId: viewer.organizationId,
      actorId: viewer.userId,
      action: 'UPDATE',
      targetType: 'CAMPAIGN',
      targetId: before.id,
      before: snapshot(before),
      after: snapshot(after),
      requestId: meta.requestId,
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
    await lockCampaign(tx, viewer, input.campaignId);
    const before = await loadCampaign(tx, viewer, input.campaignId);
    if (!canTransition(transition, before.status)) throw new InvalidTransitionError(transition, before.status);
    if (before.version !== input.expectedVersion) throw new ConflictError(STALE);
    if (transition === 'SUBMIT') {
      const [influencerCount, activeAssetCount] = await Promise.all([
        tx.campaignInfluencer.count({ where: { campaignId: before.id, ...tenantWhere(viewer) } }),
        tx.creativeAsset.count({ where: { campaignId: before.id, ...tenantWhere(viewer), isActive: true } }),
      ]);
      const issues = submitIssues({
        ...before,
        budgetTotal: before.budgetTotal?.toFixed(2) ?? null,
        budgetSocial: before.budgetSocial?.toFixed(2) ?? null,
        influencerCount,
        activeAssetCount,
      });
      if (issues.length) throw new ValidationError('The campaign is not ready to submit', issues);
    }
    const now = new Date();
    await updateVersioned(tx, viewer, input, {
      status: rule.to,
      ...(rule.stamp ? { [rule.stamp]: now } : {}),
      ...(transition === 'SUBMIT' ? progress(before, 'REVIEW') : {}),
    });
    const after = await loadCampaign(tx, viewer, input.campaignId);
    const fields = (c: CampaignWithChildren) => ({
      status: c.status,
      version: c.version,
      completedSteps: c.completedSteps,
      currentStep: c.currentStep,
      ...(rule.stamp ? { [rule.stamp]: c[rule.stamp] } : {}),
    });
    await recordAudit(tx, {
      organizationId: viewer.organizationId,
      actorId: viewer.userId,
      action: 'STATUS_CHANGE',
      targetType: 'CAMPAIGN',
      targetId: before.id,
      before: fields(before),
      after: fields(after),
      requestId: meta.requestId,
    });
    return after;
  });
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
        organizationId: org,
        actorId: viewer.userId,
        action: 'CREATE',
        targetType: 'CAMPAIGN',
        targetId: copy.id,
        after: { ...snapshot(after), duplicatedFromId: source.id },
        requestId: meta.requestId,
      });
      return after;
    }),
  );
}

/**
 * Pothos's query for a payload whose selection reads no column (only `__typename`) is
 * `{ select: {} }`, which Prisma rejects; such a payload needs no particular columns.
 */
function usable<Q extends object>(query: Q): Q {
  const select = (query as { select?: object }).select;
  return select && Object.keys(select).length === 0 ? ({} as Q) : query;
}

/** The campaign for a payload, loaded with Pothos's query through the tenant filter. */
export function findCampaignForPayload<Q extends object>(query: Q, viewer: Viewer | null, id: string) {
  return db().campaignWizard.findFirstOrThrow({ ...usable(query), where: { id, ...tenantWhere(viewer) } });
}

// ---------------------------------------------------------------- influencers

function auditChild(
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
    organizationId: viewer.organizationId,
    actorId: viewer.userId,
    action,
    targetType,
    targetId,
    before,
    after,
    requestId: meta.requestId,
  });
}

/** Locks the draft a child row belongs to; the campaign of another organization is NotFound. */
async function lockDraft(tx: Tx, viewer: TenantViewer, campaignId: string) {
  const campaign = await lockCampaign(tx, viewer, campaignId);
  assertEditable(campaign);
  return campaign;
}

export interface AddInfluencerInput {
  campaignId: string;
  marketplaceInfluencerId: string;
  status?: CampaignInfluencerStatus | null;
  agreedFee?: string | null;
  feeCurrency?: Currency | null;
  notes?: string | null;
}

const ALREADY_ON_CAMPAIGN = 'This creator is already on the campaign';

function feeIssues(fee: unknown, currency: unknown) {
  if (fee != null && currency == null) {
    throw new ValidationError('Invalid fee', [{ path: ['input', 'feeCurrency'], message: 'is required with agreedFee' }]);
  }
}

export async function addCampaignInfluencer(viewer: Viewer | null, input: AddInfluencerInput, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const { campaignId, marketplaceInfluencerId, ...rest } = input;
  const fields = parseInput(influencerUpdateSchema, rest, 'Invalid campaign influencer');
  feeIssues(fields.agreedFee, fields.feeCurrency);
  return mapUniqueViolation(ALREADY_ON_CAMPAIGN, () =>
    inTenantTransaction(viewer, async (tx) => {
      await lockDraft(tx, viewer, campaignId);
      // Marketplace creators are public rows shared by every tenant.
      const creator = await tx.marketplaceInfluencer.findUnique({ where: { id: marketplaceInfluencerId }, select: { id: true } });
      if (!creator) throw new NotFoundError('MarketplaceInfluencer');
      const existing = await tx.campaignInfluencer.findFirst({ where: { campaignId, marketplaceInfluencerId, ...tenantWhere(viewer) }, select: { id: true } });
      if (existing) throw new ConflictError(ALREADY_ON_CAMPAIGN);
      const row = await tx.campaignInfluencer.create({
        data: {
          campaignId,
          marketplaceInfluencerId,
          organizationId: viewer.organizationId,
          addedById: viewer.userId,
          status: fields.status ?? 'INVITED',
          agreedFee: fields.agreedFee ?? null,
          feeCurrency: fields.feeCurrency ?? null,
          notes: fields.notes ?? null,
        },
      });
      await auditChild(tx, viewer, 'CAMPAIGN_INFLUENCER', row.id, 'CREATE', null, influencerSnapshot(row), meta);
      return row;
    }),
  );
}

function influencerSnapshot(row: { campaignId: string; marketplaceInfluencerId: string; status: string; agreedFee: unknown; feeCurrency: unknown; notes: unknown }) {
  const { campaignId, marketplaceInfluencerId, status, agreedFee, feeCurrency, notes } = row;
  return { campaignId, marketplaceInfluencerId, status, agreedFee, feeCurrency, notes };
}

async function loadInfluencer(tx: Tx, viewer: TenantViewer, id: string) {
  const row = await tx.campaignInfluencer.findFirst({ where: { id, ...tenantWhere(viewer) } });
  if (!row) throw new NotFoundError('CampaignInfluencer');
  return row;
}

/** Edits one row in place (never delete and re-create): status, fee, notes. */
export async function updateCampaignInfluencer(
  viewer: Viewer | null,
  input: { campaignInfluencerId: string } & Omit<AddInfluencerInput, 'campaignId' | 'marketplaceInfluencerId'>,
  meta: CommandMeta = {},
) {
  requireRole(viewer, 'MEMBER');
  const { campaignInfluencerId, ...rest } = input;
  const fields = parseInput(influencerUpdateSchema, rest, 'Invalid campaign influencer');
  return inTenantTransaction(viewer, async (tx) => {
    const before = await loadInfluencer(tx, viewer, campaignInfluencerId);
    await lockDraft(tx, viewer, before.campaignId);
    const data = {
      ...(fields.status ? { status: fields.status } : {}),
      ...(fields.agreedFee !== undefined ? { agreedFee: fields.agreedFee } : {}),
      ...(fields.feeCurrency !== undefined ? { feeCurrency: fields.feeCurrency } : {}),
      ...(fields.notes !== undefined ? { notes: fields.notes } : {}),
    };
    feeIssues(data.agreedFee !== undefined ? data.agreedFee : before.agreedFee, data.feeCurrency !== undefined ? data.feeCurrency : before.feeCurrency);
    await tx.campaignInfluencer.updateMany({ where: { id: before.id, ...tenantWhere(viewer) }, data });
    const after = await loadInfluencer(tx, viewer, before.id);
    await auditChild(tx, viewer, 'CAMPAIGN_INFLUENCER', before.id, 'UPDATE', influencerSnapshot(before), influencerSnapshot(after), meta);
    return after;
  });
}

/** Deletes that one row; its assets stay on the campaign, detached from the creator. */
export async function removeCampaignInfluencer(viewer: Viewer | null, input: { campaignInfluencerId: string }, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return inTenantTransaction(viewer, async (tx) => {
    const before = await loadInfluencer(tx, viewer, input.campaignInfluencerId);
    await lockDraft(tx, viewer, before.campaignId);
    await tx.creativeAsset.updateMany({ where: { campaignInfluencerId: before.id, ...tenantWhere(viewer) }, data: { campaignInfluencerId: null } });
    await tx.campaignInfluencer.deleteMany({ where: { id: before.id, ...tenantWhere(viewer) } });
    await auditChild(tx, viewer, 'CAMPAIGN_INFLUENCER', before.id, 'DELETE', influencerSnapshot(before), null, meta);
    return { campaignId: before.campaignId };
  });
}

// ---------------------------------------------------------------- creative assets

type AssetRow = Prisma.CreativeAssetGetPayload<object>;

function assetSnapshot(row: AssetRow) {
  const { id: _id, organizationId: _o, createdAt: _c, updatedAt: _u, ...fields } = row;
  return fields;
}

async function loadAsset(tx: Tx, viewer: TenantViewer, id: string) {
  const row = await tx.creativeAsset.findFirst({ where: { id, ...tenantWhere(viewer) } });
  if (!row) throw new NotFoundError('CreativeAsset');
  return row;
}

/** Loads, locks the draft, applies data, audits: the shape of every asset edit. */
async function editAsset(
  viewer: TenantViewer,
  id: string,
  meta: CommandMeta,
  change: (tx: Tx, before: AssetRow) => Promise<Prisma.CreativeAssetUpdateManyMutationInput | Prisma.CreativeAssetUncheckedUpdateManyInput>,
) {
  return inTenantTransaction(viewer, async (tx) => {
    const before = await loadAsset(tx, viewer, id);
    await lockDraft(tx, viewer, before.campaignId);
    const data = await change(tx, before);
    await tx.creativeAsset.updateMany({ where: { id: before.id, ...tenantWhere(viewer) }, data });
    const after = await loadAsset(tx, viewer, id);
    await auditChild(tx, viewer, 'CREATIVE_ASSET', id, 'UPDATE', assetSnapshot(before), assetSnapshot(after), meta);
    return after;
  });
}

export async function createCreativeAsset(viewer: Viewer | null, input: { campaignId: string } & Record<string, unknown>, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const { campaignId, ...rest } = input;
  const a: CreateAssetInput = parseInput(createAssetSchema, rest, 'Invalid creative asset');
  return inTenantTransaction(viewer, async (tx) => {
    await lockDraft(tx, viewer, campaignId);
    const row = await tx.creativeAsset.create({
      data: {
        ...a,
        description: a.description ?? null,
        width: a.width ?? null,
        height: a.height ?? null,
        durationSeconds: a.durationSeconds ?? null,
        sizeBytes: BigInt(a.sizeBytes),
        campaignId,
        organizationId: viewer.organizationId,
        createdById: viewer.userId,
      },
    });
    await auditChild(tx, viewer, 'CREATIVE_ASSET', row.id, 'CREATE', null, assetSnapshot(row), meta);
    return row;
  });
}

/** Omitted fields stay; the merged asset must still be consistent (type, MIME type, duration). */
export async function updateCreativeAsset(viewer: Viewer | null, input: { creativeAssetId: string } & Record<string, unknown>, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const { creativeAssetId, ...rest } = input;
  const a: UpdateAssetInput = parseInput(updateAssetSchema, rest, 'Invalid creative asset');
  return editAsset(viewer, creativeAssetId, meta, async (_tx, before) => {
    const merged = {
      type: a.type ?? before.type,
      mimeType: a.mimeType ?? before.mimeType,
      durationSeconds: a.durationSeconds !== undefined ? a.durationSeconds : (before.durationSeconds?.toFixed(3) ?? null),
    };
    parseInput(assetConsistencySchema, merged, 'Invalid creative asset');
    return {
      ...(a.name != null ? { name: a.name } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(a.type != null ? { type: a.type } : {}),
      ...(a.url != null ? { url: a.url } : {}),
      ...(a.mimeType != null ? { mimeType: a.mimeType } : {}),
      ...(a.sizeBytes != null ? { sizeBytes: BigInt(a.sizeBytes) } : {}),
      ...(a.width !== undefined ? { width: a.width } : {}),
      ...(a.height !== undefined ? { height: a.height } : {}),
      ...(a.durationSeconds !== undefined ? { durationSeconds: a.durationSeconds } : {}),
    };
  });
}

/** Deactivating the primary brand-lift asset also clears that flag: the primary must be shown. */
export async function setCreativeAssetActive(viewer: Viewer | null, input: { creativeAssetId: string; isActive: boolean }, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return editAsset(viewer, input.creativeAssetId, meta, async () =>
    input.isActive ? { isActive: true } : { isActive: false, isPrimaryForBrandLift: false },
  );
}

/** Assigns the asset to a creator of the same campaign, or detaches it (null). */
export async function assignCreativeAsset(
  viewer: Viewer | null,
  input: { creativeAssetId: string; campaignInfluencerId: string | null },
  meta: CommandMeta = {},
) {
  requireRole(viewer, 'MEMBER');
  return editAsset(viewer, input.creativeAssetId, meta, async (tx, before) => {
    if (input.campaignInfluencerId) {
      const creator = await tx.campaignInfluencer.findFirst({
        where: { id: input.campaignInfluencerId, campaignId: before.campaignId, ...tenantWhere(viewer) },
        select: { id: true },
      });
      if (!creator) {
        throw new ValidationError('Invalid assignment', [
          { path: ['input', 'campaignInfluencerId'], message: 'must be an influencer of the same campaign' },
        ]);
      }
    }
    return { campaignInfluencerId: input.campaignInfluencerId };
  });
}

const ONE_PRIMARY = 'Another asset became the primary brand-lift asset at the same time; reload and try again';

/**
 * Makes the asset the campaign's one primary brand-lift asset, clearing the previous one in the
 * same transaction. The partial unique index is the last line against a concurrent request.
 */
export async function setPrimaryBrandLiftAsset(viewer: Viewer | null, input: { creativeAssetId: string }, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return mapUniqueViolation(ONE_PRIMARY, () =>
    editAsset(viewer, input.creativeAssetId, meta, async (tx, before) => {
      if (!before.isActive) {
        throw new ValidationError('Invalid primary asset', [
          { path: ['input', 'creativeAssetId'], message: 'an inactive asset cannot be the primary brand-lift asset' },
        ]);
      }
      const previous = await tx.creativeAsset.findMany({
        where: { campaignId: before.campaignId, ...tenantWhere(viewer), isPrimaryForBrandLift: true, id: { not: before.id } },
      });
      for (const old of previous) {
        await tx.creativeAsset.updateMany({ where: { id: old.id, ...tenantWhere(viewer) }, data: { isPrimaryForBrandLift: false } });
        await auditChild(tx, viewer, 'CREATIVE_ASSET', old.id, 'UPDATE', { isPrimaryForBrandLift: true }, { isPrimaryForBrandLift: false }, meta);
      }
      return { isPrimaryForBrandLift: true };
    }),
  );
}

export function findCampaignInfluencerForPayload<Q extends object>(query: Q, viewer: Viewer | null, id: string) {
  return db().campaignInfluencer.findFirstOrThrow({ ...usable(query), where: { id, ...tenantWhere(viewer) } });
}

export function findCreativeAssetForPayload<Q extends object>(query: Q, viewer: Viewer | null, id: string) {
  return db().creativeAsset.findFirstOrThrow({ ...usable(query), where: { id, ...tenantWhere(viewer) } });
}
