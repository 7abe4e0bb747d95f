// Brand lift studies of newly created campaigns, with questions, options, review comments,
// responses and answers. Rows are matched back to their parents through natural keys returned by
// RETURNING, never through the order of the returned rows.
import type pg from 'pg';
import { RECOUNT_STUDIES_SQL } from '../../src/modules/brand-lift/brand-lift.counts';
import { type StudySpec, studySpec } from './brand-lift.generate';
import { AUDIT_COLUMNS, type NewCampaign } from './campaign.insert';
import { type Tally, insertRows } from './db';
import type { OrgIds } from './organization.insert';
import type { OrgSpec } from './organization.generate';

export async function insertStudies(
  db: pg.PoolClient, org: OrgSpec, ids: OrgIds, campaigns: NewCampaign[], responsesPerStudy: number,
  reference: Date, tally: Tally,
): Promise<void> {
  if (campaigns.length === 0) return;
  const o = ids.organizationId;
  const specs = new Map<string, StudySpec>(campaigns.map((c) => [c.id, studySpec(org, c.spec, responsesPerStudy, reference)]));
  const studies = await insertRows<{ id: string; campaignId: string }>(db, {
    table: 'BrandLiftStudy',
    columns: [
      ['organizationId', 'uuid'], ['campaignId', 'uuid'], ['name', 'text'], ['funnelStage', '"FunnelStage"'],
      ['primaryKpi', '"Kpi"'], ['status', '"BrandLiftStudyStatus"'], ['targetSamplePerGroup', 'int'],
      ['createdById', 'uuid'], ['launchedAt', 'timestamp'], ['completedAt', 'timestamp'], ['createdAt', 'timestamp'],
    ],
    rows: [...specs].map(([campaignId, s]) => [
      o, campaignId, s.name, s.funnelStage, s.primaryKpi, s.status, s.targetSamplePerGroup, ids.users[s.createdBy],
      s.launchedAt, s.completedAt, s.createdAt,
    ]),
    returning: 'id, "campaignId"',
  });
  tally.add('BrandLiftStudy', studies.rowCount);
  // One study per seeded campaign, so the campaign identifies the study.
  const study = studies.rows.map((r) => ({ id: r.id, spec: specs.get(r.campaignId) as StudySpec }));

  const questions = await insertRows<{ id: string; studyId: string; position: number }>(db, {
    table: 'BrandLiftQuestion',
    columns: [
      ['organizationId', 'uuid'], ['studyId', 'uuid'], ['text', 'text'], ['type', '"QuestionType"'], ['position', 'int'],
      ['kpi', '"Kpi"'], ['randomizeOptions', 'boolean'], ['isMandatory', 'boolean'], ['createdAt', 'timestamp'],
    ],
    rows: study.flatMap((s) => s.spec.questions.map((q) => [
      o, s.id, q.text, q.type, q.position, q.kpi, q.randomizeOptions, true, s.spec.createdAt,
    ])),
    returning: 'id, "studyId", position',
  });
  tally.add('BrandLiftQuestion', questions.rowCount);
  const questionId = new Map(questions.rows.map((q) => [`${q.studyId}/${q.position}`, q.id]));

  const options = await insertRows<{ id: string; questionId: string; position: number }>(db, {
    table: 'BrandLiftQuestionOption',
    columns: [
      ['organizationId', 'uuid'], ['questionId', 'uuid'], ['text', 'text'], ['position', 'int'], ['isPositive', 'boolean'],
      ['createdAt', 'timestamp'],
    ],
    rows: study.flatMap((s) => s.spec.questions.flatMap((q) => q.options.map((opt, i) => [
      o, questionId.get(`${s.id}/${q.position}`), opt.text, i + 1, opt.isPositive, s.spec.createdAt,
    ]))),
    returning: 'id, "questionId", position',
  });
  tally.add('BrandLiftQuestionOption', options.rowCount);
  const optionId = new Map(options.rows.map((r) => [`${r.questionId}/${r.position}`, r.id]));

  const comments = await insertRows(db, {
    table: 'BrandLiftComment',
    columns: [
      ['organizationId', 'uuid'], ['studyId', 'uuid'], ['questionId', 'uuid'], ['authorId', 'uuid'], ['body', 'text'],
      ['resolvedAt', 'timestamp'], ['resolvedById', 'uuid'], ['createdAt', 'timestamp'],
    ],
    rows: study.flatMap((s) => s.spec.comments.map((c) => [
      o, s.id, c.questionPosition === null ? null : questionId.get(`${s.id}/${c.questionPosition}`), ids.users[c.author],
      c.body, c.resolvedBy ? s.spec.launchedAt ?? s.spec.createdAt : null, c.resolvedBy ? ids.users[c.resolvedBy] : null,
      s.spec.createdAt,
    ])),
  });
  tally.add('BrandLiftComment', comments.rowCount);

  const responses = await insertRows<{ id: string; studyId: string; respondentId: string }>(db, {
    table: 'BrandLiftResponse',
    columns: [
      ['organizationId', 'uuid'], ['studyId', 'uuid'], ['group', '"SurveyGroup"'], ['respondentId', 'text'],
      ['ageBucket', '"AgeBucket"'], ['gender', '"Gender"'], ['country', 'text'], ['submittedAt', 'timestamp'],
      ['createdAt', 'timestamp'],
    ],
    rows: study.flatMap((s) => s.spec.responses.map((r) => [
      o, s.id, r.group, r.respondentId, r.ageBucket, r.gender, r.country, r.submittedAt, r.submittedAt,
    ])),
    returning: 'id, "studyId", "respondentId"',
  });
  tally.add('BrandLiftResponse', responses.rowCount);
  const responseId = new Map(responses.rows.map((r) => [`${r.studyId}/${r.respondentId}`, r.id]));

  const answers = await insertRows(db, {
    table: 'BrandLiftAnswer',
    columns: [['organizationId', 'uuid'], ['responseId', 'uuid'], ['questionId', 'uuid'], ['optionId', 'uuid'], ['createdAt', 'timestamp']],
    rows: study.flatMap((s) => s.spec.responses.flatMap((r) => r.answers.map(([qPos, oPos]) => {
      const q = questionId.get(`${s.id}/${qPos}`);
      return [o, responseId.get(`${s.id}/${r.respondentId}`), q, optionId.get(`${q}/${oPos}`), r.submittedAt];
    }))),
  });
  tally.add('BrandLiftAnswer', answers.rowCount);

  // The running counts lift results read (src/modules/brand-lift/brand-lift.counts.ts), as the
  // submission path would have written them.
  const counted = await db.query(RECOUNT_STUDIES_SQL, [study.map((s) => s.id)]);
  tally.add('BrandLiftResultCount', counted.rowCount ?? 0);

  const audit = await insertRows(db, {
    table: 'AuditLog',
    columns: AUDIT_COLUMNS,
    rows: study.map((s) => [
      o, ids.users[s.spec.createdBy], 'CREATE', 'BRAND_LIFT_STUDY', s.id, null,
      JSON.stringify({ name: s.spec.name, status: 'DRAFT', primaryKpi: s.spec.primaryKpi }), 'seed', s.spec.createdAt,
    ]),
  });
  tally.add('AuditLog', audit.rowCount);
}
