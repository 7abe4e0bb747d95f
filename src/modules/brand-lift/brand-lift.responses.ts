import { db } from '../../lib/db/client';
import { setTenantInTransaction } from '../../lib/db/tenant-scope';
import { DomainError, NotFoundError, ValidationError, type FieldIssue } from '../../lib/errors';
import { issuesOf } from '../common/service';
import { countResponse } from './brand-lift.counts';
import { verifyRespondentToken } from './brand-lift.tokens';
import { surveyResponseSchema } from './brand-lift.validation';
import { decodeId } from '../common/ids';

/**
 * One respondent's submission (POST /surveys/responses). The token says which study and which
 * group; the payload only says who answered what. Everything is checked against the study's
 * questions and options before anything is written, then the response and its answers are stored
 * in one transaction, together with the result counts they add to (brand-lift.counts.ts). A
 * repeated (studyId, respondentId) is a duplicate delivery: nothing new is stored or counted and
 * the caller hears `duplicate`.
 */

/** The study is not collecting responses (not launched yet, or already completed). */
export class StudyNotCollectingError extends DomainError {
  override readonly code = 'NOT_COLLECTING';
  constructor() {
    super('This study is not collecting responses');
  }
}


export type SubmitOutcome = { status: 'stored'; responseId: string } | { status: 'duplicate' };

export async function submitSurveyResponse(body: unknown, now = new Date()): Promise<SubmitOutcome> {
  const parsed = surveyResponseSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('Invalid survey response', issuesOf(parsed.error, []));
  const input = parsed.data;
  const claims = verifyRespondentToken(input.token, now);

  // The study's organization is not known before it is read: this lookup of one row by the id
  // from a verified token is the single cross-tenant read, then everything runs as that tenant.
  // FOR SHARE: the study cannot leave COLLECTING (or lose its questions) until this commits.
  return db().$transaction(async (tx) => {
    await setTenantInTransaction(tx, { bypass: true, reason: 'survey response: resolve the study of a signed token' });
    const [study] = await tx.$queryRaw<{ organizationId: string; status: string }[]>`
      SELECT "organizationId"::text AS "organizationId", status::text AS status FROM "BrandLiftStudy"
      WHERE id = ${claims.studyId}::uuid FOR SHARE`;
    if (!study) throw new NotFoundError('BrandLiftStudy');
    const organizationId = study.organizationId;
    await setTenantInTransaction(tx, { organizationId });
    const where = { organizationId };
    if (study.status !== 'COLLECTING') throw new StudyNotCollectingError();

    const questions = await tx.brandLiftQuestion.findMany({
      where: { studyId: claims.studyId, ...where },
      include: { options: { where, select: { id: true } } },
    });
    const byId = new Map(questions.map((q) => [q.id, q]));
    const issues: FieldIssue[] = [];
    const rows: { questionId: string; optionId: string }[] = [];
    const answered = new Set<string>();
    input.answers.forEach((answer, i) => {
      const questionId = decodeId(answer.questionId, 'BrandLiftQuestion');
      const question = questionId ? byId.get(questionId) : undefined;
      if (!question) return void issues.push({ path: ['answers', String(i), 'questionId'], message: 'is not a question of this study' });
      if (answered.has(question.id)) return void issues.push({ path: ['answers', String(i), 'questionId'], message: 'is answered twice' });
      answered.add(question.id);
      const optionIds = answer.optionIds.map((o) => decodeId(o, 'BrandLiftQuestionOption'));
      const own = new Set(question.options.map((o) => o.id));
      if (optionIds.some((o) => !o || !own.has(o))) {
        return void issues.push({ path: ['answers', String(i), 'optionIds'], message: 'contains an option that is not of this question' });
      }
      const distinct = new Set(optionIds as string[]);
      if (distinct.size !== optionIds.length) return void issues.push({ path: ['answers', String(i), 'optionIds'], message: 'repeats an option' });
      if (question.type === 'SINGLE_CHOICE' && distinct.size !== 1) {
        return void issues.push({ path: ['answers', String(i), 'optionIds'], message: 'a single-choice question takes exactly one option' });
      }
      for (const optionId of distinct) rows.push({ questionId: question.id, optionId });
    });
    for (const q of questions) {
      if (q.isMandatory && !answered.has(q.id)) issues.push({ path: ['answers'], message: `question ${q.position} is mandatory` });
    }
    if (issues.length) throw new ValidationError('Invalid survey response', issues);

    const demo = input.demographics ?? {};
    // ON CONFLICT DO NOTHING on (studyId, respondentId): a concurrent duplicate never errors.
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "BrandLiftResponse" (id, "organizationId", "studyId", "group", "respondentId", "ageBucket", gender, country, "submittedAt", "createdAt", "updatedAt")
      VALUES (gen_random_uuid(), ${organizationId}::uuid, ${claims.studyId}::uuid, ${claims.group}::"SurveyGroup", ${input.respondentId},
              ${demo.ageBucket ?? null}::"AgeBucket", ${demo.gender ?? null}::"Gender", ${demo.country ?? null}, ${now}, ${now}, ${now})
      ON CONFLICT ("studyId", "respondentId") DO NOTHING
      RETURNING id::text`;
    const responseId = inserted[0]?.id;
    if (!responseId) return { status: 'duplicate' } as const;
    await tx.brandLiftAnswer.createMany({
      data: rows.map((r) => ({ organizationId, responseId, questionId: r.questionId, optionId: r.optionId })),
    });
    // Only a newly stored response reaches this line: a duplicate delivery never counts twice.
    await countResponse(tx, organizationId, responseId);
    return { status: 'stored', responseId } as const;
  });
}
