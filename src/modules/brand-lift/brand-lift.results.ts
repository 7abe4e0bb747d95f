import { Prisma, type Kpi } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { requireRole, tenantWhere } from '../../lib/tenancy';
import { benjaminiHochberg, liftMetrics, newcombeInterval, twoProportionZTest } from './brand-lift.stats';

/**
 * Lift results of a brand lift study (issue 5, "Results").
 *
 * Counting rules:
 *   - n of a group (per question, and per segment value when segmented) = respondents of that group
 *     who answered the question (at least one answer row for it). A respondent who skipped an
 *     optional question is not counted for it, so a skip is neither a positive nor a negative answer.
 *   - positive = those of them with at least one chosen option marked isPositive (a multiple-choice
 *     answer with several positive options counts once).
 *   - segmented: respondents without the attribute (no age bucket, gender or country given) form
 *     the segment value 'UNKNOWN'.
 * The counts come from ONE SQL aggregate (GROUP BY over the running counts of
 * brand-lift.counts.ts, which follow exactly these rules), tenant-filtered by the viewer's
 * organization (bound parameters); no response or answer row is loaded into the process. The statistics are then
 * computed per row (brand-lift.stats.ts). Benjamini-Hochberg runs across the study's questions,
 * separately for each segment value. Untestable rows (an empty group, or no variance at all) have
 * null zScore / pValue / adjustedPValue and are left out of the BH family.
 */

export const RESULT_SEGMENTS = ['AGE_BUCKET', 'GENDER', 'COUNTRY'] as const;
export type ResultSegment = (typeof RESULT_SEGMENTS)[number];

export const DEFAULT_LEVEL = 0.9;
export const MIN_LEVEL = 0.8;
export const MAX_LEVEL = 0.99;
export const UNKNOWN_SEGMENT = 'UNKNOWN';

// Whitelisted SQL per segment, over "BrandLiftResultCount" aliased `c` (never user text): the column
// to group by, and its output value.
const segmentSql = (column: Prisma.Sql) => ({ column, output: Prisma.sql`coalesce(${column}::text, ${UNKNOWN_SEGMENT})` });
const SEGMENT_SQL: Record<ResultSegment, { column: Prisma.Sql; output: Prisma.Sql }> = {
  AGE_BUCKET: segmentSql(Prisma.sql`c."ageBucket"`),
  GENDER: segmentSql(Prisma.sql`c."gender"`),
  COUNTRY: segmentSql(Prisma.sql`c."country"`),
};

export interface GroupCounts {
  n: number;
  positive: number;
  /** positive / n; null when n = 0. */
  rate: number | null;
}

export interface QuestionResult {
  questionId: string;
  position: number;
  text: string;
  kpi: Kpi;
  /** Null when the results are not segmented. */
  segmentValue: string | null;
  exposed: GroupCounts;
  control: GroupCounts;
  absoluteLift: number | null;
  relativeLift: number | null;
  headroomLift: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  zScore: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
  isSignificant: boolean;
  belowTargetSample: boolean;
}

export interface StudyResults {
  level: number;
  segment: ResultSegment | null;
  rows: QuestionResult[];
}

export interface ResultsOptions {
  level?: number | null;
  segment?: ResultSegment | null;
}

interface CountRow {
  questionId: string;
  group: 'EXPOSED' | 'CONTROL';
  segmentValue: string | null;
  n: number;
  positive: number;
}

function validLevel(level: number | null | undefined): number {
  const value = level ?? DEFAULT_LEVEL;
  if (!Number.isFinite(value) || value < MIN_LEVEL || value > MAX_LEVEL) {
    throw new ValidationError('Invalid confidence level', [{ path: ['level'], message: `Must be between ${MIN_LEVEL} and ${MAX_LEVEL}` }]);
  }
  return value;
}

const counts = (n: number, positive: number): GroupCounts => ({ n, positive, rate: n === 0 ? null : positive / n });

/**
 * The one aggregate: n and positive per question, group (and segment value), summed over the
 * study's count cells (brand-lift.counts.ts). A study has at most questions x 2 groups x
 * demographic cells x 16 slots such rows, however many responses it holds.
 */
export function countAnswersSql(organizationId: string, studyId: string, segment: ResultSegment | null): Prisma.Sql {
  // Grouped by the stored uuid/enum/char values (cheap to hash); converted to text only per group.
  const segment_ = segment ? SEGMENT_SQL[segment] : null;
  return Prisma.sql`
    SELECT c."questionId"::text AS "questionId", c."group"::text AS "group", ${segment_ ? segment_.output : Prisma.sql`NULL::text`} AS "segmentValue",
           sum(c."respondents")::int AS n, sum(c."positive")::int AS positive
    FROM "BrandLiftResultCount" c
    WHERE c."organizationId" = ${organizationId}::uuid AND c."studyId" = ${studyId}::uuid
    GROUP BY c."questionId", c."group"${segment_ ? Prisma.sql`, ${segment_.column}` : Prisma.empty}`;
}

function countAnswers(organizationId: string, studyId: string, segment: ResultSegment | null): Promise<CountRow[]> {
  return db().$queryRaw<CountRow[]>(countAnswersSql(organizationId, studyId, segment));
}

/**
 * Results of the viewer's study: one row per question (per segment value when segmented, ordered
 * by segment value then position). NotFoundError when the study is not the viewer's organization's.
 */
export async function studyResults(viewer: Viewer | null, studyId: string, options: ResultsOptions = {}): Promise<StudyResults> {
  requireRole(viewer, 'VIEWER');
  const level = validLevel(options.level);
  const segment = options.segment ?? null;
  const tenant = tenantWhere(viewer);
  const study = await db().brandLiftStudy.findFirst({
    where: { id: studyId, ...tenant },
    select: {
      targetSamplePerGroup: true,
      questions: { where: tenant, orderBy: { position: 'asc' }, select: { id: true, position: true, text: true, kpi: true } },
    },
  });
  if (!study) throw new NotFoundError('BrandLiftStudy');

  const found = await countAnswers(tenant.organizationId, studyId, segment);
  const byKey = new Map(found.map((row) => [`${row.segmentValue ?? ''}\u0000${row.questionId}\u0000${row.group}`, row]));
  const segmentValues = segment
    ? [...new Set(found.map((row) => row.segmentValue ?? UNKNOWN_SEGMENT))].sort()
    : [null];

  const rows: QuestionResult[] = [];
  for (const segmentValue of segmentValues) {
    const family = study.questions.map((question) => {
      const get = (group: CountRow['group']) => byKey.get(`${segmentValue ?? ''}\u0000${question.id}\u0000${group}`);
      const exposed = counts(get('EXPOSED')?.n ?? 0, get('EXPOSED')?.positive ?? 0);
      const control = counts(get('CONTROL')?.n ?? 0, get('CONTROL')?.positive ?? 0);
      const lift = exposed.rate !== null && control.rate !== null ? liftMetrics(exposed.rate, control.rate) : null;
      const ci = newcombeInterval(exposed.positive, exposed.n, control.positive, control.n, level);
      const test = twoProportionZTest(exposed.positive, exposed.n, control.positive, control.n);
      return {
        questionId: question.id,
        position: question.position,
        text: question.text,
        kpi: question.kpi,
        segmentValue,
        exposed,
        control,
        absoluteLift: lift?.absolute ?? null,
        relativeLift: lift?.relative ?? null,
        headroomLift: lift?.headroom ?? null,
        ciLow: ci?.low ?? null,
        ciHigh: ci?.high ?? null,
        zScore: test?.z ?? null,
        pValue: test?.p ?? null,
        adjustedPValue: null as number | null,
        isSignificant: false,
        belowTargetSample: exposed.n < study.targetSamplePerGroup || control.n < study.targetSamplePerGroup,
      };
    });
    const adjusted = benjaminiHochberg(family.map((row) => row.pValue));
    family.forEach((row, i) => {
      row.adjustedPValue = adjusted[i] ?? null;
      row.isSignificant = row.adjustedPValue !== null && row.adjustedPValue < 1 - level;
    });
    rows.push(...family);
  }
  return { level, segment, rows };
}
