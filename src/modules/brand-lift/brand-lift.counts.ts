import type { BrandLiftStudyStatus, Prisma } from '../../generated/prisma/client.ts';
import { db } from '../../lib/db/client';
import { runWithRlsBypass, setTenantInTransaction } from '../../lib/db/tenant-scope';

/**
 * The running counts behind lift results ("BrandLiftResultCount", issue 5: a 1,000,000-response
 * study must report in under a second).
 *
 * One row per cell (study, question, group, age bucket, gender, country, slot) holds
 * `respondents` (who answered the question) and `positive` (of them, who chose at least one
 * positive option). brand-lift.results.ts sums the cells of a study with one GROUP BY: a few
 * hundred small rows instead of joining millions of answers to their responses.
 *
 * Rules that keep the counts equal to a recount from the stored answers:
 *   - Written only by `countResponse`, in the transaction that inserted the response, and only when
 *     that INSERT created the row (ON CONFLICT DO NOTHING returned it): a duplicate delivery, even a
 *     concurrent one, adds nothing. A rolled-back submission rolls its counts back too.
 *   - Computed from the answer rows just stored, joined to their options' isPositive in SQL. Options
 *     and their isPositive flags can change only in DRAFT or CHANGES_REQUESTED
 *     (QUESTION_EDITABLE_STATUSES, checked under the study's row lock), responses are accepted only
 *     in COLLECTING (checked under a share lock on the same row), and no transition leads from
 *     APPROVED or later back to an editable status (brand-lift.counts.test.ts proves both). So a
 *     flag counted at insert time is still the flag at any later read.
 *   - Hot rows: every submission of a study with the same demographics updates the same cells.
 *     `slot` = hashtext(respondentId) & 15 spreads them over 16 rows, so concurrent submissions
 *     mostly lock different rows; within one statement cells are written in questionId order, so
 *     two submissions never lock two cells in opposite orders (no deadlock).
 *   - The retention job clears demographics of old responses; the counts keep them (aggregates
 *     without any respondent id), so results, segmented ones too, stay what they were.
 *     `rebuildStudyCounts` recounts from the stored rows (repair, tests): after retention it moves
 *     anonymized respondents to the UNKNOWN segment values.
 */

type Tx = Prisma.TransactionClient;

/** Adds one new response to its cells (one per question it answered). Call right after inserting its answers. */
export function countResponse(tx: Tx, organizationId: string, responseId: string): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "BrandLiftResultCount" AS c
      ("organizationId", "studyId", "questionId", "group", "ageBucket", "gender", "country", "slot", "respondents", "positive", "updatedAt")
    SELECT r."organizationId", r."studyId", a."questionId", r."group", r."ageBucket", r."gender", r."country",
           (hashtext(r."respondentId") & 15)::smallint, 1, bool_or(o."isPositive")::int, now()
    FROM "BrandLiftAnswer" a
    JOIN "BrandLiftQuestionOption" o ON o."id" = a."optionId" AND o."organizationId" = a."organizationId"
    JOIN "BrandLiftResponse" r ON r."id" = a."responseId" AND r."organizationId" = a."organizationId"
    WHERE a."responseId" = ${responseId}::uuid AND a."organizationId" = ${organizationId}::uuid
    GROUP BY r."organizationId", r."studyId", a."questionId", r."group", r."ageBucket", r."gender", r."country", r."respondentId"
    ORDER BY a."questionId"
    ON CONFLICT ("studyId", "questionId", "group", "ageBucket", "gender", "country", "slot")
    DO UPDATE SET "respondents" = c."respondents" + 1, "positive" = c."positive" + excluded."positive", "updatedAt" = excluded."updatedAt"`;
}

/**
 * Recount of the cells of the studies in $1 (uuid[]) from their stored responses and answers, one
 * count per (response, question answered), positive when any chosen option is positive: the rule
 * of countResponse, for many responses at once. Plain SQL text so the seed (pg client) uses it too;
 * the migration's backfill is the same statement over every study. The cells must not exist yet.
 */
export const RECOUNT_STUDIES_SQL = `
  INSERT INTO "BrandLiftResultCount"
    ("organizationId", "studyId", "questionId", "group", "ageBucket", "gender", "country", "slot", "respondents", "positive", "updatedAt")
  SELECT r."organizationId", r."studyId", a."questionId", r."group", r."ageBucket", r."gender", r."country",
         (hashtext(r."respondentId") & 15)::smallint, count(*)::int, count(*) FILTER (WHERE a."isPositive")::int, now()
  FROM (
    SELECT x."responseId", x."questionId", bool_or(o."isPositive") AS "isPositive"
    FROM "BrandLiftAnswer" x
    JOIN "BrandLiftQuestionOption" o ON o."id" = x."optionId" AND o."organizationId" = x."organizationId"
    JOIN "BrandLiftQuestion" q ON q."id" = x."questionId" AND q."organizationId" = x."organizationId"
    WHERE q."studyId" = ANY($1::uuid[])
    GROUP BY x."responseId", x."questionId"
  ) a
  JOIN "BrandLiftResponse" r ON r."id" = a."responseId"
  WHERE r."studyId" = ANY($1::uuid[])
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;

/**
 * Recounts a study's cells from its stored responses and answers (repair after a manual data fix;
 * tests that insert rows directly). Run in a transaction that set the tenant (or the bypass).
 * Returns whether the cells changed, compared under the study's lock (a submission committing
 * meanwhile cannot make an unchanged study look changed).
 */
export async function rebuildStudyCounts(tx: Tx, organizationId: string, studyId: string): Promise<boolean> {
  // Locks the study row (submissions take a share lock on it) while its cells are replaced.
  const [study] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "BrandLiftStudy" WHERE id = ${studyId}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  if (!study) return false;
  const digest = async () =>
    (
      await tx.$queryRaw<{ digest: string | null }[]>`
        SELECT md5(string_agg(concat_ws(',', "questionId", "group", "ageBucket", "gender", "country", "slot", "respondents", "positive"), ';'
               ORDER BY "questionId", "group", "ageBucket", "gender", "country", "slot")) AS digest
        FROM "BrandLiftResultCount" WHERE "studyId" = ${studyId}::uuid`
    )[0]?.digest ?? null;
  const before = await digest();
  await tx.$executeRaw`DELETE FROM "BrandLiftResultCount" WHERE "studyId" = ${studyId}::uuid AND "organizationId" = ${organizationId}::uuid`;
  await tx.$executeRawUnsafe(RECOUNT_STUDIES_SQL, [study.id]);
  return before !== (await digest());
}

/** Studies whose counts a rebuild job recounts by default: those that accept or hold responses. */
export const REBUILD_STATUSES = ['COLLECTING', 'COMPLETED'] as const satisfies readonly BrandLiftStudyStatus[];

export interface RebuildCountsReport {
  studies: number;
  /** Studies whose cells changed (a count that was missing or wrong). */
  changed: number;
}

/**
 * `npm run jobs:rebuild-brand-lift-counts` (scripts/jobs/rebuild-brand-lift-counts.ts): recounts
 * every study in `statuses` (default COLLECTING, COMPLETED) across organizations (or of one), one transaction per study (rebuildStudyCounts
 * locks only that study while its cells are replaced). Run once after the rolling deploy that
 * introduced the counts: instances still on the old code accepted responses without counting them.
 */
export async function rebuildCountsOfStudies(
  options: { statuses?: readonly BrandLiftStudyStatus[]; organizationId?: string } = {},
): Promise<RebuildCountsReport> {
  const statuses = options.statuses ?? REBUILD_STATUSES;
  const studies = await runWithRlsBypass('brand lift counts rebuild: list studies', () =>
    db().brandLiftStudy.findMany({
      where: { status: { in: [...statuses] }, ...(options.organizationId ? { organizationId: options.organizationId } : {}) },
      select: { id: true, organizationId: true },
      orderBy: { id: 'asc' },
    }),
  );
  let changed = 0;
  for (const study of studies) {
    const differs = await db().$transaction(async (tx) => {
      await setTenantInTransaction(tx, { organizationId: study.organizationId });
      return rebuildStudyCounts(tx, study.organizationId, study.id);
    });
    if (differs) changed += 1;
  }
  return { studies: studies.length, changed };
}
