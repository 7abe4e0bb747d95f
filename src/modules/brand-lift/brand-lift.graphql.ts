import { builder } from '../../builder';
import type { Context } from '../../context';
import { BrandLiftStudyStatus, FunnelStage, Kpi, QuestionType, SurveyGroup } from '../../generated/prisma/client.ts';
import { db } from '../../lib/db/client';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import { inTenant, tenantFindUnique, tenantWhere } from '../../lib/tenancy';
import { ErrorInterface } from '../common/errors.graphql';
import { decodeInputId } from '../common/ids';
import { mutationMeta, mutationPayloads } from '../common/mutation';
import * as service from './brand-lift.service';
import {
  BRAND_LIFT_TRANSITIONS,
  BrandLiftInvalidTransitionError,
  BrandLiftNotEditableError,
  type BrandLiftTransition,
} from './brand-lift.status';

/**
 * Brand lift study design and approval. Resolvers decode global ids and call
 * brand-lift.service.ts, which holds every rule; responses arrive over POST /surveys/responses
 * (brand-lift.route.ts). Every field needs MEMBER; the ADMIN transitions are decided by the
 * status table in the service and come back as a typed ForbiddenError.
 */


builder.prismaObjectFields('BrandLiftStudy', (t) => ({
  version: t.exposeInt('version'),
  launchedAt: t.expose('launchedAt', { type: 'DateTime', nullable: true }),
  completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  campaign: t.relation('campaign'),
  questions: t.relation('questions', { description: 'In survey order.', query: { orderBy: { position: 'asc' } } }),
  comments: t.relation('comments', { description: 'Review comments, oldest first.', query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
  respondentLinks: t.field({
    type: [RespondentLink],
    nullable: true,
    authScopes: { role: BRAND_LIFT_TRANSITIONS.LAUNCH.role }, // whoever may launch the study may fetch its links again
    select: { organizationId: true, status: true, launchedAt: true },
    description:
      'The signed respondent links of both groups (EXPOSED and CONTROL) while the study is COLLECTING: the same links launchBrandLiftStudy returned. Empty in any other status. ADMIN (the roles that can launch); null with an authorization error otherwise.',
    resolve: (study, _args, ctx) => service.respondentLinksOf(ctx.viewer, study),
  }),
}));

builder.prismaNode('BrandLiftQuestion', {
  id: { field: 'id' },
  nullable: true,
  findUnique: tenantFindUnique,
  authScopes: inTenant,
  fields: (t) => ({
    text: t.exposeString('text'),
    type: t.expose('type', { type: QuestionType }),
    position: t.exposeInt('position', { description: '1-based order in the study, unique per study.' }),
    kpi: t.expose('kpi', { type: Kpi }),
    isMandatory: t.exposeBoolean('isMandatory'),
    randomizeOptions: t.exposeBoolean('randomizeOptions'),
    study: t.relation('study'),
    options: t.relation('options', { query: { orderBy: { position: 'asc' } } }),
  }),
});

builder.prismaNode('BrandLiftQuestionOption', {
  id: { field: 'id' },
  nullable: true,
  findUnique: tenantFindUnique,
  authScopes: inTenant,
  fields: (t) => ({
    text: t.exposeString('text'),
    imageUrl: t.exposeString('imageUrl', { nullable: true }),
    position: t.exposeInt('position'),
    isPositive: t.exposeBoolean('isPositive', { description: 'Counts as the desired answer in lift results.' }),
  }),
});

builder.prismaNode('BrandLiftComment', {
  id: { field: 'id' },
  nullable: true,
  findUnique: tenantFindUnique,
  authScopes: inTenant,
  fields: (t) => ({
    body: t.exposeString('body'),
    question: t.relation('question', { nullable: true, description: 'Null: a comment on the whole study.' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    isResolved: t.boolean({ resolve: (c) => c.resolvedAt !== null }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const RespondentLink = builder.objectRef<service.RespondentLink>('BrandLiftRespondentLink').implement({
  authScopes: { role: 'MEMBER' },
  description: 'A signed respondent token for one group; send it with POST /surveys/responses.',
  fields: (t) => ({
    group: t.expose('group', { type: SurveyGroup }),
    token: t.exposeString('token'),
    url: t.exposeString('url', { description: 'The link to send to respondents: SURVEY_BASE_URL with `token` in its query.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

const BrandLiftTransitionEnum = builder.enumType('BrandLiftTransition', { values: Object.keys(BRAND_LIFT_TRANSITIONS) as BrandLiftTransition[] });
builder.objectType(BrandLiftInvalidTransitionError, {
  name: 'BrandLiftInvalidTransitionError',
  interfaces: [ErrorInterface],
  description: 'The study status machine does not allow this transition from the current status.',
  fields: (t) => ({
    currentStatus: t.expose('currentStatus', { type: BrandLiftStudyStatus }),
    transition: t.expose('transition', { type: BrandLiftTransitionEnum }),
  }),
});
builder.objectType(BrandLiftNotEditableError, {
  name: 'BrandLiftNotEditableError',
  interfaces: [ErrorInterface],
  description: 'Questions are editable only in DRAFT or CHANGES_REQUESTED.',
  fields: (t) => ({ currentStatus: t.expose('currentStatus', { type: BrandLiftStudyStatus }) }),
});

const errorTypes = [ValidationError, NotFoundError, ConflictError, ForbiddenError, BrandLiftNotEditableError, BrandLiftInvalidTransitionError];
const payload = mutationPayloads(errorTypes);

const studyFor = (query: object, ctx: Context, id: string) =>
  db().brandLiftStudy.findFirstOrThrow({ ...query, where: { id, ...tenantWhere(ctx.viewer) } });
const questionFor = (query: object, ctx: Context, id: string) =>
  db().brandLiftQuestion.findFirstOrThrow({ ...query, where: { id, ...tenantWhere(ctx.viewer) } });
const commentFor = (query: object, ctx: Context, id: string) =>
  db().brandLiftComment.findFirstOrThrow({ ...query, where: { id, ...tenantWhere(ctx.viewer) } });

const CreateInput = builder.inputType('CreateBrandLiftStudyInput', {
  fields: (t) => ({
    campaignId: t.id({ required: true, description: 'Global CampaignWizard id.' }),
    name: t.string({ required: true }),
    primaryKpi: t.field({ type: Kpi, required: true }),
    funnelStage: t.field({
      type: FunnelStage,
      required: false,
      description: 'Omitted: derived from primaryKpi (AD_RECALL, BRAND_AWARENESS: TOP; CONSIDERATION, MESSAGE_ASSOCIATION, BRAND_PREFERENCE: MID; the intent KPIs and ADVOCACY: BOTTOM).',
    }),
    targetSamplePerGroup: t.int({ required: false, description: 'Respondents wanted per group (10 to 1,000,000; default 400).' }),
  }),
});
const UpdateInput = builder.inputType('UpdateBrandLiftStudyInput', {
  fields: (t) => ({
    studyId: t.id({ required: true, description: 'Global BrandLiftStudy id.' }),
    name: t.string({ required: false }),
    primaryKpi: t.field({ type: Kpi, required: false }),
    funnelStage: t.field({ type: FunnelStage, required: false }),
    targetSamplePerGroup: t.int({ required: false }),
  }),
});
const OptionInput = builder.inputType('BrandLiftQuestionOptionInput', {
  fields: (t) => ({
    text: t.string({ required: true }),
    imageUrl: t.string({ required: false, description: 'https URL.' }),
    isPositive: t.boolean({ required: true, description: 'Counts as the desired answer.' }),
  }),
});
const AddQuestionInput = builder.inputType('AddBrandLiftQuestionInput', {
  fields: (t) => ({
    studyId: t.id({ required: true }),
    text: t.string({ required: true }),
    type: t.field({ type: QuestionType, required: true }),
    kpi: t.field({ type: Kpi, required: true }),
    isMandatory: t.boolean({ required: false, description: 'Default true.' }),
    randomizeOptions: t.boolean({ required: false, description: 'Default false.' }),
    options: t.field({ type: [OptionInput], required: true, description: 'In order; at least two, at least one positive.' }),
  }),
});
const UpdateQuestionInput = builder.inputType('UpdateBrandLiftQuestionInput', {
  fields: (t) => ({
    questionId: t.id({ required: true }),
    text: t.string({ required: false }),
    type: t.field({ type: QuestionType, required: false }),
    kpi: t.field({ type: Kpi, required: false }),
    isMandatory: t.boolean({ required: false }),
    randomizeOptions: t.boolean({ required: false }),
    options: t.field({ type: [OptionInput], required: false, description: 'Given: replaces the options.' }),
  }),
});
const RemoveQuestionInput = builder.inputType('RemoveBrandLiftQuestionInput', { fields: (t) => ({ questionId: t.id({ required: true }) }) });
const ReorderInput = builder.inputType('ReorderBrandLiftQuestionsInput', {
  fields: (t) => ({
    studyId: t.id({ required: true }),
    questionIds: t.idList({ required: true, description: 'Every question of the study, in the new order.' }),
  }),
});
const AddCommentInput = builder.inputType('AddBrandLiftCommentInput', {
  fields: (t) => ({
    studyId: t.id({ required: true }),
    questionId: t.id({ required: false, description: 'Omitted: a comment on the whole study.' }),
    body: t.string({ required: true }),
  }),
});
const ResolveCommentInput = builder.inputType('ResolveBrandLiftCommentInput', { fields: (t) => ({ commentId: t.id({ required: true }) }) });

builder.mutationFields((t) => ({
  createBrandLiftStudy: t.prismaField({
    type: 'BrandLiftStudy',
    authScopes: { role: 'MEMBER' },
    description: 'A new DRAFT study on a campaign. MEMBER.',
    errors: payload('createBrandLiftStudy', 'study'),
    args: { input: t.arg({ type: CreateInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const campaignId = decodeInputId(input.campaignId, 'CampaignWizard', 'campaignId');
      const study = await service.createStudy(ctx.viewer, { ...input, campaignId }, mutationMeta(ctx));
      return studyFor(query, ctx, study.id);
    },
  }),
  updateBrandLiftStudy: t.prismaField({
    type: 'BrandLiftStudy',
    authScopes: { role: 'MEMBER' },
    description: 'Edits name, KPI, funnel stage or sample target (DRAFT or CHANGES_REQUESTED). MEMBER.',
    errors: payload('updateBrandLiftStudy', 'study'),
    args: { input: t.arg({ type: UpdateInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const studyId = decodeInputId(input.studyId, 'BrandLiftStudy', 'studyId');
      const study = await service.updateStudy(ctx.viewer, { ...input, studyId }, mutationMeta(ctx));
      return studyFor(query, ctx, study.id);
    },
  }),
  addBrandLiftQuestion: t.prismaField({
    type: 'BrandLiftQuestion',
    authScopes: { role: 'MEMBER' },
    description: 'Appends a question (DRAFT or CHANGES_REQUESTED). MEMBER.',
    errors: payload('addBrandLiftQuestion', 'question'),
    args: { input: t.arg({ type: AddQuestionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const studyId = decodeInputId(input.studyId, 'BrandLiftStudy', 'studyId');
      const question = await service.addQuestion(ctx.viewer, { ...input, studyId }, mutationMeta(ctx));
      return questionFor(query, ctx, question.id);
    },
  }),
  updateBrandLiftQuestion: t.prismaField({
    type: 'BrandLiftQuestion',
    authScopes: { role: 'MEMBER' },
    description: 'Edits a question (DRAFT or CHANGES_REQUESTED). MEMBER.',
    errors: payload('updateBrandLiftQuestion', 'question'),
    args: { input: t.arg({ type: UpdateQuestionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const questionId = decodeInputId(input.questionId, 'BrandLiftQuestion', 'questionId');
      const question = await service.updateQuestion(ctx.viewer, { ...input, questionId }, mutationMeta(ctx));
      return questionFor(query, ctx, question.id);
    },
  }),
  removeBrandLiftQuestion: t.prismaField({
    type: 'BrandLiftStudy',
    authScopes: { role: 'MEMBER' },
    description: 'Removes a question; the rest keep their order (DRAFT or CHANGES_REQUESTED). MEMBER.',
    errors: payload('removeBrandLiftQuestion', 'study'),
    args: { input: t.arg({ type: RemoveQuestionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const questionId = decodeInputId(input.questionId, 'BrandLiftQuestion', 'questionId');
      const study = await service.removeQuestion(ctx.viewer, questionId, mutationMeta(ctx));
      return studyFor(query, ctx, study.id);
    },
  }),
  reorderBrandLiftQuestions: t.prismaField({
    type: 'BrandLiftStudy',
    authScopes: { role: 'MEMBER' },
    description: 'Sets the order of all questions at once (DRAFT or CHANGES_REQUESTED). MEMBER.',
    errors: payload('reorderBrandLiftQuestions', 'study'),
    args: { input: t.arg({ type: ReorderInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const studyId = decodeInputId(input.studyId, 'BrandLiftStudy', 'studyId');
      const questionIds = input.questionIds.map((id) => decodeInputId(id, 'BrandLiftQuestion', 'questionIds'));
      const study = await service.reorderQuestions(ctx.viewer, { studyId, questionIds }, mutationMeta(ctx));
      return studyFor(query, ctx, study.id);
    },
  }),
  addBrandLiftComment: t.prismaField({
    type: 'BrandLiftComment',
    authScopes: { role: 'MEMBER' },
    description: 'A review comment on the study or one of its questions. MEMBER.',
    errors: payload('addBrandLiftComment', 'comment'),
    args: { input: t.arg({ type: AddCommentInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const studyId = decodeInputId(input.studyId, 'BrandLiftStudy', 'studyId');
      const questionId = input.questionId == null ? null : decodeInputId(input.questionId, 'BrandLiftQuestion', 'questionId');
      const comment = await service.addComment(ctx.viewer, { studyId, questionId, body: input.body }, mutationMeta(ctx));
      return commentFor(query, ctx, comment.id);
    },
  }),
  resolveBrandLiftComment: t.prismaField({
    type: 'BrandLiftComment',
    authScopes: { role: 'MEMBER' },
    description: 'Marks a review comment resolved. MEMBER.',
    errors: payload('resolveBrandLiftComment', 'comment'),
    args: { input: t.arg({ type: ResolveCommentInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const commentId = decodeInputId(input.commentId, 'BrandLiftComment', 'commentId');
      const comment = await service.resolveComment(ctx.viewer, commentId, mutationMeta(ctx));
      return commentFor(query, ctx, comment.id);
    },
  }),
}));

const TRANSITION_FIELDS: [string, BrandLiftTransition, string][] = [
  ['requestBrandLiftReview', 'REQUEST_REVIEW', 'DRAFT or CHANGES_REQUESTED -> PENDING_APPROVAL (needs a question). MEMBER.'],
  ['requestBrandLiftChanges', 'REQUEST_CHANGES', 'PENDING_APPROVAL -> CHANGES_REQUESTED, with a comment. ADMIN.'],
  ['approveBrandLiftStudy', 'APPROVE', 'PENDING_APPROVAL -> APPROVED; questions are locked from here on. ADMIN.'],
  ['completeBrandLiftStudy', 'COMPLETE', 'COLLECTING -> COMPLETED; no more responses are accepted. ADMIN.'],
  ['archiveBrandLiftStudy', 'ARCHIVE', 'COMPLETED -> ARCHIVED. ADMIN.'],
];

for (const [name, transition, description] of TRANSITION_FIELDS) {
  const Input = builder.inputType(`${name[0]!.toUpperCase()}${name.slice(1)}Input`, {
    fields: (t) => ({
      studyId: t.id({ required: true, description: 'Global BrandLiftStudy id.' }),
      comment: t.string({ required: transition === 'REQUEST_CHANGES', description: 'Recorded as a study comment.' }),
    }),
  });
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: 'BrandLiftStudy',
      authScopes: { role: 'MEMBER' },
      description,
      errors: payload(name, 'study'),
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: async (query, _root, { input }, ctx) => {
        const studyId = decodeInputId(input.studyId, 'BrandLiftStudy', 'studyId');
        const { study } = await service.transitionStudy(ctx.viewer, transition, { studyId, comment: input.comment }, mutationMeta(ctx));
        return studyFor(query, ctx, study.id);
      },
    }),
  );
}

const LaunchResult = builder
  .objectRef<{ studyId: string; respondentLinks: service.RespondentLink[] }>('BrandLiftLaunch')
  .implement({
    authScopes: { role: 'MEMBER' },
    fields: (t) => ({
      study: t.prismaField({
        type: 'BrandLiftStudy',
        resolve: (query, parent, _args, ctx) => studyFor(query, ctx, parent.studyId),
      }),
      respondentLinks: t.field({ type: [RespondentLink], description: 'One per group: EXPOSED and CONTROL.', resolve: (p) => p.respondentLinks }),
    }),
  });

const LaunchInput = builder.inputType('LaunchBrandLiftStudyInput', {
  fields: (t) => ({ studyId: t.id({ required: true, description: 'Global BrandLiftStudy id.' }) }),
});
builder.mutationField('launchBrandLiftStudy', (t) =>
  t.field({
    type: LaunchResult,
    authScopes: { role: 'MEMBER' },
    description: 'APPROVED -> COLLECTING; issues the signed respondent links of both groups. ADMIN.',
    errors: payload('launchBrandLiftStudy', 'launch'),
    args: { input: t.arg({ type: LaunchInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const studyId = decodeInputId(input.studyId, 'BrandLiftStudy', 'studyId');
      const { study, respondentLinks } = await service.transitionStudy(ctx.viewer, 'LAUNCH', { studyId }, mutationMeta(ctx));
      return { studyId: study.id, respondentLinks };
    },
  }),
);
