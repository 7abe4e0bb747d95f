import type { BrandLiftStudyStatus, Prisma, SurveyGroup } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { requireRole, tenantWhere, type TenantViewer } from '../../lib/tenancy';
import { auditedBy, recordAudit } from '../audit/audit.service';
import { inTenantTransaction, parseInput, type CommandMeta, type Tx } from '../common/service';
import {
  BRAND_LIFT_TRANSITIONS,
  BrandLiftInvalidTransitionError,
  BrandLiftNotEditableError,
  FUNNEL_STAGE_OF_KPI,
  QUESTION_EDITABLE_STATUSES,
  canTransitionStudy,
  type BrandLiftTransition,
} from './brand-lift.status';
import { issueRespondentToken, respondentUrl } from './brand-lift.tokens';
import {
  addQuestionSchema,
  commentSchema,
  createStudySchema,
  reorderSchema,
  updateQuestionSchema,
  updateStudySchema,
  type UpdateQuestionInput,
} from './brand-lift.validation';

/**
 * Brand lift study design and approval: the study, its questions and options, the review
 * lifecycle and review comments. Every write is one interactive transaction that sets the tenant
 * for row-level security, locks the study row (so edits and transitions serialize), reads through
 * tenantWhere, and records its audit entry before commit.
 */

/** How long respondent links issued at launch stay valid. */
export const RESPONDENT_LINK_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** Temporary offset for renumbering positions inside a transaction (positions are unique and >= 1). */
const POSITION_SHIFT = 1000;

/** Locks the study row for the transaction; another organization's study does not exist. */
async function lockStudy(tx: Tx, viewer: TenantViewer, studyId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "BrandLiftStudy"
    WHERE id = ${studyId}::uuid AND "organizationId" = ${viewer.organizationId}::uuid FOR UPDATE`;
  if (!rows[0]) throw new NotFoundError('BrandLiftStudy');
  const study = await tx.brandLiftStudy.findFirst({ where: { id: studyId, ...tenantWhere(viewer) } });
  if (!study) throw new NotFoundError('BrandLiftStudy');
  return study;
}

function assertQuestionsEditable(study: { status: BrandLiftStudyStatus }) {
  if (!QUESTION_EDITABLE_STATUSES.includes(study.status)) throw new BrandLiftNotEditableError(study.status);
}

type StudyRow = Prisma.BrandLiftStudyGetPayload<object>;
const studySnapshot = (s: StudyRow) => ({
  name: s.name,
  campaignId: s.campaignId,
  funnelStage: s.funnelStage,
  primaryKpi: s.primaryKpi,
  status: s.status,
  targetSamplePerGroup: s.targetSamplePerGroup,
  launchedAt: s.launchedAt,
  completedAt: s.completedAt,
});

async function questionSnapshot(tx: Tx, viewer: TenantViewer, questionId: string) {
  const q = await tx.brandLiftQuestion.findFirst({
    where: { id: questionId, ...tenantWhere(viewer) },
    include: { options: { where: tenantWhere(viewer), orderBy: { position: 'asc' } } },
  });
  if (!q) throw new NotFoundError('BrandLiftQuestion');
  return {
    studyId: q.studyId,
    text: q.text,
    type: q.type,
    kpi: q.kpi,
    position: q.position,
    isMandatory: q.isMandatory,
    randomizeOptions: q.randomizeOptions,
    options: q.options.map((o) => ({ text: o.text, imageUrl: o.imageUrl, isPositive: o.isPositive })),
  };
}

// ---------------------------------------------------------------- study

export async function createStudy(viewer: Viewer | null, input: unknown, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const data = parseInput(createStudySchema, input, 'Invalid brand lift study');
  return inTenantTransaction(viewer, async (tx) => {
    const campaign = await tx.campaignWizard.findFirst({ where: { id: data.campaignId, ...tenantWhere(viewer) }, select: { id: true } });
    if (!campaign) throw new NotFoundError('Campaign');
    const study = await tx.brandLiftStudy.create({
      data: {
        organizationId: viewer.organizationId,
        campaignId: campaign.id,
        createdById: viewer.userId,
        name: data.name,
        primaryKpi: data.primaryKpi,
        funnelStage: data.funnelStage ?? FUNNEL_STAGE_OF_KPI[data.primaryKpi],
        ...(data.targetSamplePerGroup != null ? { targetSamplePerGroup: data.targetSamplePerGroup } : {}),
      },
    });
    await recordAudit(tx, { ...auditedBy(viewer, meta), action: 'CREATE', targetType: 'BRAND_LIFT_STUDY', targetId: study.id, after: studySnapshot(study) });
    return study;
  });
}

/** Name, KPI, funnel stage and sample target: editable while questions are (before approval). */
export async function updateStudy(viewer: Viewer | null, input: unknown, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const data = parseInput(updateStudySchema, input, 'Invalid brand lift study');
  return inTenantTransaction(viewer, async (tx) => {
    const before = await lockStudy(tx, viewer, data.studyId);
    assertQuestionsEditable(before);
    const after = await tx.brandLiftStudy.update({
      where: { id: before.id, ...tenantWhere(viewer) },
      data: {
        ...(data.name != null ? { name: data.name } : {}),
        ...(data.primaryKpi != null ? { primaryKpi: data.primaryKpi } : {}),
        ...(data.funnelStage != null ? { funnelStage: data.funnelStage } : {}),
        ...(data.targetSamplePerGroup != null ? { targetSamplePerGroup: data.targetSamplePerGroup } : {}),
        version: { increment: 1 },
      },
    });
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'UPDATE',
      targetType: 'BRAND_LIFT_STUDY',
      targetId: after.id,
      before: studySnapshot(before),
      after: studySnapshot(after),
    });
    return after;
  });
}

// ---------------------------------------------------------------- questions

async function writeOptions(tx: Tx, viewer: TenantViewer, questionId: string, options: NonNullable<UpdateQuestionInput['options']>) {
  await tx.brandLiftQuestionOption.deleteMany({ where: { questionId, ...tenantWhere(viewer) } });
  await tx.brandLiftQuestionOption.createMany({
    data: options.map((o, i) => ({
      organizationId: viewer.organizationId,
      questionId,
      text: o.text,
      imageUrl: o.imageUrl ?? null,
      isPositive: o.isPositive,
      position: i + 1,
    })),
  });
}

export async function addQuestion(viewer: Viewer | null, input: unknown, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const data = parseInput(addQuestionSchema, input, 'Invalid brand lift question');
  return inTenantTransaction(viewer, async (tx) => {
    const study = await lockStudy(tx, viewer, data.studyId);
    assertQuestionsEditable(study);
    const last = await tx.brandLiftQuestion.aggregate({ where: { studyId: study.id, ...tenantWhere(viewer) }, _max: { position: true } });
    const question = await tx.brandLiftQuestion.create({
      data: {
        organizationId: viewer.organizationId,
        studyId: study.id,
        text: data.text,
        type: data.type,
        kpi: data.kpi,
        isMandatory: data.isMandatory ?? true,
        randomizeOptions: data.randomizeOptions ?? false,
        position: (last._max.position ?? 0) + 1,
      },
    });
    await writeOptions(tx, viewer, question.id, data.options);
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'CREATE',
      targetType: 'BRAND_LIFT_QUESTION',
      targetId: question.id,
      after: await questionSnapshot(tx, viewer, question.id),
    });
    return question;
  });
}

async function lockQuestionStudy(tx: Tx, viewer: TenantViewer, questionId: string) {
  const question = await tx.brandLiftQuestion.findFirst({ where: { id: questionId, ...tenantWhere(viewer) }, select: { id: true, studyId: true } });
  if (!question) throw new NotFoundError('BrandLiftQuestion');
  const study = await lockStudy(tx, viewer, question.studyId);
  return { question, study };
}

export async function updateQuestion(viewer: Viewer | null, input: unknown, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const data = parseInput(updateQuestionSchema, input, 'Invalid brand lift question');
  return inTenantTransaction(viewer, async (tx) => {
    const { question, study } = await lockQuestionStudy(tx, viewer, data.questionId);
    assertQuestionsEditable(study);
    const before = await questionSnapshot(tx, viewer, question.id);
    const updated = await tx.brandLiftQuestion.update({
      where: { id: question.id, ...tenantWhere(viewer) },
      data: {
        ...(data.text != null ? { text: data.text } : {}),
        ...(data.type != null ? { type: data.type } : {}),
        ...(data.kpi != null ? { kpi: data.kpi } : {}),
        ...(data.isMandatory != null ? { isMandatory: data.isMandatory } : {}),
        ...(data.randomizeOptions != null ? { randomizeOptions: data.randomizeOptions } : {}),
      },
    });
    if (data.options) await writeOptions(tx, viewer, question.id, data.options);
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'UPDATE',
      targetType: 'BRAND_LIFT_QUESTION',
      targetId: question.id,
      before,
      after: await questionSnapshot(tx, viewer, question.id),
    });
    return updated;
  });
}

/** Gives the questions positions 1..n in the given order: shifted out of the way first, so the unique index never sees a clash. */
async function renumber(tx: Tx, viewer: TenantViewer, studyId: string, orderedIds: string[]) {
  await tx.brandLiftQuestion.updateMany({ where: { studyId, ...tenantWhere(viewer) }, data: { position: { increment: POSITION_SHIFT } } });
  for (const [index, id] of orderedIds.entries()) {
    await tx.brandLiftQuestion.updateMany({ where: { id, studyId, ...tenantWhere(viewer) }, data: { position: index + 1 } });
  }
}

export async function removeQuestion(viewer: Viewer | null, questionId: string, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return inTenantTransaction(viewer, async (tx) => {
    const { question, study } = await lockQuestionStudy(tx, viewer, questionId);
    assertQuestionsEditable(study);
    const before = await questionSnapshot(tx, viewer, question.id);
    await tx.brandLiftQuestion.deleteMany({ where: { id: question.id, ...tenantWhere(viewer) } });
    const rest = await tx.brandLiftQuestion.findMany({ where: { studyId: study.id, ...tenantWhere(viewer) }, orderBy: { position: 'asc' }, select: { id: true } });
    await renumber(tx, viewer, study.id, rest.map((q) => q.id));
    await recordAudit(tx, { ...auditedBy(viewer, meta), action: 'DELETE', targetType: 'BRAND_LIFT_QUESTION', targetId: question.id, before });
    return study;
  });
}

/** The full ordered list of the study's question ids becomes positions 1..n. */
export async function reorderQuestions(viewer: Viewer | null, input: unknown, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const data = parseInput(reorderSchema, input, 'Invalid question order');
  return inTenantTransaction(viewer, async (tx) => {
    const study = await lockStudy(tx, viewer, data.studyId);
    assertQuestionsEditable(study);
    const current = await tx.brandLiftQuestion.findMany({ where: { studyId: study.id, ...tenantWhere(viewer) }, orderBy: { position: 'asc' }, select: { id: true } });
    const currentIds = current.map((q) => q.id);
    const same = currentIds.length === data.questionIds.length && data.questionIds.every((id) => currentIds.includes(id));
    if (!same) {
      throw new ValidationError('The order must list every question of the study exactly once', [
        { path: ['input', 'questionIds'], message: 'must list every question of the study exactly once' },
      ]);
    }
    await renumber(tx, viewer, study.id, data.questionIds);
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'UPDATE',
      targetType: 'BRAND_LIFT_STUDY',
      targetId: study.id,
      before: { questionOrder: currentIds },
      after: { questionOrder: data.questionIds },
    });
    return study;
  });
}

// ---------------------------------------------------------------- lifecycle

export interface RespondentLink {
  group: SurveyGroup;
  token: string;
  /** SURVEY_BASE_URL with the token as its `token` query parameter. */
  url: string;
  expiresAt: Date;
}

/**
 * The links of a launched study, derived from its launch time: the token of each group expires
 * RESPONDENT_LINK_TTL_MS after launchedAt, so issuing them again gives exactly the links returned
 * at launch (same study, group, expiry and secret: same signature). Nothing is stored.
 */
function linksOfLaunch(studyId: string, launchedAt: Date): RespondentLink[] {
  const expiresAt = new Date(launchedAt.getTime() + RESPONDENT_LINK_TTL_MS);
  return (['EXPOSED', 'CONTROL'] as const).map((group) => {
    const token = issueRespondentToken(studyId, group, expiresAt);
    return { group, token, url: respondentUrl(token), expiresAt };
  });
}

/**
 * The respondent links of a COLLECTING study, again (the same as at launch), for the roles that may
 * launch (ADMIN and OWNER); an empty list in any other status (not launched yet, or no longer
 * collecting). `study` is the caller's tenant-filtered row.
 */
export function respondentLinksOf(
  viewer: Viewer | null,
  study: { id: string; organizationId: string; status: BrandLiftStudyStatus; launchedAt: Date | null },
): RespondentLink[] {
  requireRole(viewer, BRAND_LIFT_TRANSITIONS.LAUNCH.role);
  if (study.organizationId !== viewer.organizationId) throw new NotFoundError('BrandLiftStudy');
  if (study.status !== 'COLLECTING' || !study.launchedAt) return [];
  return linksOfLaunch(study.id, study.launchedAt);
}

/** Runs one transition of the status machine; LAUNCH also issues the respondent links. */
export async function transitionStudy(
  viewer: Viewer | null,
  transition: BrandLiftTransition,
  input: { studyId: string; comment?: string | null },
  meta: CommandMeta = {},
): Promise<{ study: StudyRow; respondentLinks: RespondentLink[] }> {
  const rule = BRAND_LIFT_TRANSITIONS[transition];
  requireRole(viewer, rule.role);
  const comment = input.comment?.trim() ?? '';
  if (transition === 'REQUEST_CHANGES' && !comment) {
    throw new ValidationError('Say what should change', [{ path: ['input', 'comment'], message: 'must not be empty' }]);
  }
  if (comment.length > 4000) throw new ValidationError('Comment too long', [{ path: ['input', 'comment'], message: 'at most 4000 characters' }]);
  return inTenantTransaction(viewer, async (tx) => {
    const before = await lockStudy(tx, viewer, input.studyId);
    if (!canTransitionStudy(transition, before.status)) throw new BrandLiftInvalidTransitionError(transition, before.status);
    if (transition === 'REQUEST_REVIEW') {
      const count = await tx.brandLiftQuestion.count({ where: { studyId: before.id, ...tenantWhere(viewer) } });
      if (count === 0) throw new ValidationError('Add at least one question before asking for review', [{ path: ['input', 'studyId'], message: 'the study has no questions' }]);
    }
    const now = new Date();
    const { count } = await tx.brandLiftStudy.updateMany({
      where: { id: before.id, ...tenantWhere(viewer), status: before.status },
      data: { status: rule.to, version: { increment: 1 }, ...(rule.stamp ? { [rule.stamp]: now } : {}) },
    });
    if (count === 0) throw new ConflictError('The study changed meanwhile; reload and try again');
    const after = await tx.brandLiftStudy.findFirstOrThrow({ where: { id: before.id, ...tenantWhere(viewer) } });
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'STATUS_CHANGE',
      targetType: 'BRAND_LIFT_STUDY',
      targetId: after.id,
      before: { status: before.status },
      after: { status: after.status, transition, ...(rule.stamp ? { [rule.stamp]: after[rule.stamp] } : {}) },
      keep: 'all',
    });
    if (comment) await insertComment(tx, viewer, { studyId: after.id, questionId: null, body: comment }, meta);
    const respondentLinks = transition === 'LAUNCH' ? linksOfLaunch(after.id, after.launchedAt ?? now) : [];
    return { study: after, respondentLinks };
  });
}

// ---------------------------------------------------------------- comments

async function insertComment(tx: Tx, viewer: TenantViewer, data: { studyId: string; questionId: string | null; body: string }, meta: CommandMeta) {
  const comment = await tx.brandLiftComment.create({
    data: { organizationId: viewer.organizationId, studyId: data.studyId, questionId: data.questionId, authorId: viewer.userId, body: data.body },
  });
  await recordAudit(tx, {
    ...auditedBy(viewer, meta),
    action: 'COMMENT',
    targetType: 'BRAND_LIFT_COMMENT',
    targetId: comment.id,
    after: { studyId: comment.studyId, questionId: comment.questionId, body: comment.body },
  });
  return comment;
}

/** A review comment on the study or on one of its questions. MEMBER. */
export async function addComment(viewer: Viewer | null, input: unknown, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  const data = parseInput(commentSchema, input, 'Invalid comment');
  return inTenantTransaction(viewer, async (tx) => {
    const study = await lockStudy(tx, viewer, data.studyId);
    if (data.questionId) {
      const question = await tx.brandLiftQuestion.findFirst({ where: { id: data.questionId, studyId: study.id, ...tenantWhere(viewer) }, select: { id: true } });
      if (!question) throw new NotFoundError('BrandLiftQuestion');
    }
    return insertComment(tx, viewer, { studyId: study.id, questionId: data.questionId ?? null, body: data.body }, meta);
  });
}

export async function resolveComment(viewer: Viewer | null, commentId: string, meta: CommandMeta = {}) {
  requireRole(viewer, 'MEMBER');
  return inTenantTransaction(viewer, async (tx) => {
    const comment = await tx.brandLiftComment.findFirst({ where: { id: commentId, ...tenantWhere(viewer) } });
    if (!comment) throw new NotFoundError('BrandLiftComment');
    if (comment.resolvedAt) throw new ConflictError('The comment is already resolved');
    const resolved = await tx.brandLiftComment.update({
      where: { id: comment.id, ...tenantWhere(viewer) },
      data: { resolvedAt: new Date(), resolvedById: viewer.userId },
    });
    await recordAudit(tx, {
      ...auditedBy(viewer, meta),
      action: 'UPDATE',
      targetType: 'BRAND_LIFT_COMMENT',
      targetId: comment.id,
      before: { resolvedAt: null, resolvedById: null },
      after: { resolvedAt: resolved.resolvedAt, resolvedById: resolved.resolvedById },
    });
    return resolved;
  });
}
