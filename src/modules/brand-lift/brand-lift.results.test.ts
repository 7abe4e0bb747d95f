import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { TestClient } from '../../../test/client';
import { createBrandLiftStudy, createCampaign, createMember, createOrganization } from '../../../test/factories';
import { useSqlRecorder } from '../../../test/sql-recorder';
import type { AgeBucket, Gender, SurveyGroup } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { NotFoundError } from '../../lib/errors';
import { rebuildStudyCounts } from './brand-lift.counts';
import { studyResults } from './brand-lift.results';

type Study = { id: string; organizationId: string };
type Question = { id: string; positive: string[]; negative: string };

/** A question with `positives` positive options and one negative option. */
async function addQuestion(study: Study, position: number, positives = 1): Promise<Question> {
  const question = await db().brandLiftQuestion.create({
    data: {
      organizationId: study.organizationId,
      studyId: study.id,
      text: `Question ${position}`,
      type: positives > 1 ? 'MULTIPLE_CHOICE' : 'SINGLE_CHOICE',
      position,
      kpi: 'AD_RECALL',
    },
  });
  const options = await db().brandLiftQuestionOption.createManyAndReturn({
    data: [
      ...Array.from({ length: positives }, (_, i) => ({ text: `Yes ${i}`, position: i + 1, isPositive: true })),
      { text: 'No', position: positives + 1, isPositive: false },
    ].map((o) => ({ ...o, organizationId: study.organizationId, questionId: question.id })),
  });
  return { id: question.id, positive: options.filter((o) => o.isPositive).map((o) => o.id), negative: options.find((o) => !o.isPositive)!.id };
}

interface Respondent {
  group: SurveyGroup;
  gender?: Gender;
  ageBucket?: AgeBucket;
  country?: string;
  /** Chosen options, any questions. */
  options: { questionId: string; optionId: string }[];
}

/**
 * Stores respondents and their answers with two createMany statements, then recounts the study's
 * result cells from them (the submission path counts as it stores: brand-lift.counts.test.ts).
 */
async function addResponses(study: Study, respondents: Respondent[]) {
  const rows = respondents.map((r) => ({ ...r, id: randomUUID() }));
  await db().brandLiftResponse.createMany({
    data: rows.map((r) => ({
      id: r.id,
      organizationId: study.organizationId,
      studyId: study.id,
      group: r.group,
      respondentId: `resp-${r.id}`,
      gender: r.gender ?? null,
      ageBucket: r.ageBucket ?? null,
      country: r.country ?? null,
    })),
  });
  await db().brandLiftAnswer.createMany({
    data: rows.flatMap((r) => r.options.map((o) => ({ organizationId: study.organizationId, responseId: r.id, ...o }))),
  });
  await db().$transaction((tx) => rebuildStudyCounts(tx, study.organizationId, study.id));
}

/** `count` respondents of `group` answering `question`, the first `positives` of them positively. */
const answering = (group: SurveyGroup, question: Question, count: number, positives: number, extra: Partial<Respondent> = {}): Respondent[] =>
  Array.from({ length: count }, (_, i) => ({
    group,
    ...extra,
    options: [{ questionId: question.id, optionId: i < positives ? question.positive[0]! : question.negative }],
  }));

async function world() {
  const org = await createOrganization();
  const { user, viewer } = await createMember(org.id, 'VIEWER');
  const campaign = await createCampaign(org.id, user.id);
  const study = await createBrandLiftStudy(campaign, user.id);
  const other = await createOrganization();
  const stranger = await createMember(other.id, 'OWNER');
  return { org, user, viewer, campaign, study, strangerViewer: stranger.viewer };
}

const RESULTS = `query($id: ID!, $level: Float, $segment: ResultSegment) { node(id: $id) { ... on BrandLiftStudy {
  results(level: $level, segment: $segment) {
    __typename
    ... on BrandLiftResults { level segment rows {
      questionId position text kpi segmentValue
      exposed { n positive rate } control { n positive rate }
      absoluteLift relativeLift headroomLift ciLow ciHigh zScore pValue adjustedPValue isSignificant belowTargetSample
    } }
    ... on ValidationError { message issues { path message } }
  } } } }`;

type Row = Record<string, unknown> & { exposed: { n: number; positive: number; rate: number | null }; control: { n: number; positive: number; rate: number | null } };
type Results = { __typename: string; level: number; segment: string | null; rows: Row[]; issues?: { path: string[] }[] };

async function results(viewer: Viewer, studyId: string, args: { level?: number; segment?: string } = {}): Promise<Results | null> {
  const data = await new TestClient(viewer).data<{ node: { results: Results } | null }>(RESULTS, { id: encodeGlobalID('BrandLiftStudy', studyId), ...args });
  return data.node?.results ?? null;
}

describe('brand lift results', () => {
  it('reproduces the reference values through GraphQL, with BH across questions', async () => {
    const w = await world();
    const q1 = await addQuestion(w.study, 1);
    const q2 = await addQuestion(w.study, 2, 2);
    const exposed = answering('EXPOSED', q1, 1000, 350);
    const control = answering('CONTROL', q1, 1000, 250);
    // q2 (multiple choice) answered by the first 100 of each group only: 30 exposed chose both
    // positive options (counted once), 10 one of them; 35 control respondents one.
    exposed.slice(0, 100).forEach((r, i) =>
      r.options.push(
        ...(i < 30 ? q2.positive.map((optionId) => ({ questionId: q2.id, optionId })) : [{ questionId: q2.id, optionId: i < 40 ? q2.positive[1]! : q2.negative }]),
      ),
    );
    control.slice(0, 100).forEach((r, i) => r.options.push({ questionId: q2.id, optionId: i < 35 ? q2.positive[0]! : q2.negative }));
    await addResponses(w.study, [...exposed, ...control]);

    const r = (await results(w.viewer, w.study.id, { level: 0.95 }))!;
    expect(r).toMatchObject({ __typename: 'BrandLiftResults', level: 0.95, segment: null });
    expect(r.rows).toHaveLength(2);
    const [first, second] = r.rows as [Row, Row];
    expect(first).toMatchObject({
      questionId: encodeGlobalID('BrandLiftQuestion', q1.id),
      position: 1,
      text: 'Question 1',
      kpi: 'AD_RECALL',
      segmentValue: null,
      exposed: { n: 1000, positive: 350, rate: 0.35 },
      control: { n: 1000, positive: 250, rate: 0.25 },
      belowTargetSample: false,
    });
    expect(first.absoluteLift as number).toBeCloseTo(0.1, 4);
    expect(first.relativeLift as number).toBeCloseTo(0.4, 4);
    expect(first.headroomLift as number).toBeCloseTo(0.1333, 4);
    expect(first.zScore as number).toBeCloseTo(4.8795, 4);
    expect(Number((first.pValue as number).toPrecision(3))).toBe(1.06e-6);
    expect(first.ciLow as number).toBeCloseTo(0.0599, 4);
    expect(first.ciHigh as number).toBeCloseTo(0.1397, 4);

    expect(second).toMatchObject({ position: 2, exposed: { n: 100, positive: 40 }, control: { n: 100, positive: 35 }, belowTargetSample: true });
    // BH over the two questions: the larger p keeps its value, the smaller doubles (if still smaller).
    const p1 = first.pValue as number;
    const p2 = second.pValue as number;
    expect(p2).toBeGreaterThan(0.4);
    expect(second.adjustedPValue as number).toBeCloseTo(p2, 12);
    expect(first.adjustedPValue as number).toBeCloseTo(Math.min(2 * p1, p2), 15);
    expect(first.isSignificant).toBe(true);
    expect(second.isSignificant).toBe(false);

    // Default level 0.90: a narrower interval.
    const defaults = (await results(w.viewer, w.study.id))!;
    expect(defaults.level).toBe(0.9);
    expect(defaults.rows[0]!.ciLow as number).toBeGreaterThan(first.ciLow as number);
  });

  it('breaks results down by segment', async () => {
    const w = await world();
    const q1 = await addQuestion(w.study, 1);
    const q2 = await addQuestion(w.study, 2);
    await addResponses(w.study, [
      ...answering('EXPOSED', q1, 10, 6, { gender: 'FEMALE', country: 'DE' }),
      ...answering('CONTROL', q1, 8, 2, { gender: 'FEMALE', country: 'DE' }),
      ...answering('EXPOSED', q1, 5, 1, { gender: 'MALE', country: 'US' }),
      ...answering('CONTROL', q1, 4, 2, { gender: 'MALE' }),
      ...answering('EXPOSED', q2, 3, 3, { gender: 'MALE', country: 'US' }),
    ]);
    const byGender = (await results(w.viewer, w.study.id, { segment: 'GENDER' }))!;
    expect(byGender.segment).toBe('GENDER');
    const summary = byGender.rows.map((row) => [row.segmentValue, row.position, row.exposed.n, row.exposed.positive, row.control.n, row.control.positive]);
    expect(summary).toEqual([
      ['FEMALE', 1, 10, 6, 8, 2],
      ['FEMALE', 2, 0, 0, 0, 0],
      ['MALE', 1, 5, 1, 4, 2],
      ['MALE', 2, 3, 3, 0, 0],
    ]);
    // Untestable rows are null and out of the BH family: FEMALE's family is q1 alone.
    expect(byGender.rows[1]).toMatchObject({ absoluteLift: null, ciLow: null, pValue: null, adjustedPValue: null, isSignificant: false });
    expect(byGender.rows[0]!.adjustedPValue).toBe(byGender.rows[0]!.pValue);
    expect(byGender.rows[0]!.absoluteLift as number).toBeCloseTo(0.6 - 0.25, 12);

    const byCountry = (await results(w.viewer, w.study.id, { segment: 'COUNTRY' }))!;
    expect(byCountry.rows.filter((row) => row.position === 1).map((row) => [row.segmentValue, row.exposed.n, row.control.n])).toEqual([
      ['DE', 10, 8],
      ['UNKNOWN', 0, 4],
      ['US', 5, 0],
    ]);
    const byAge = (await results(w.viewer, w.study.id, { segment: 'AGE_BUCKET' }))!;
    expect(byAge.rows.map((row) => row.segmentValue)).toEqual(['UNKNOWN', 'UNKNOWN']);
    expect(byAge.rows[0]).toMatchObject({ exposed: { n: 15, positive: 7 }, control: { n: 12, positive: 4 } });
  });

  it('validates the level', async () => {
    const w = await world();
    for (const level of [0.5, 0.79, 0.995, 1]) {
      expect(await results(w.viewer, w.study.id, { level })).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['level'] }] });
    }
    expect(await results(w.viewer, w.study.id, { level: 0.8 })).toMatchObject({ __typename: 'BrandLiftResults', level: 0.8, rows: [] });
    expect(await results(w.viewer, w.study.id, { level: 0.99 })).toMatchObject({ __typename: 'BrandLiftResults', level: 0.99 });
  });

  it("gives another organization's viewer nothing", async () => {
    const w = await world();
    const q1 = await addQuestion(w.study, 1);
    await addResponses(w.study, [...answering('EXPOSED', q1, 5, 3), ...answering('CONTROL', q1, 5, 1)]);
    expect(await results(w.strangerViewer, w.study.id)).toBeNull();
    const viaCampaign = await new TestClient(w.strangerViewer).request(
      `query($id: ID!) { node(id: $id) { ... on CampaignWizard { brandLiftStudies { results { __typename } } } } }`,
      { id: encodeGlobalID('CampaignWizard', w.campaign.id) },
    );
    expect(viaCampaign.data?.node ?? null).toBeNull();
    await expect(studyResults(w.strangerViewer, w.study.id)).rejects.toBeInstanceOf(NotFoundError);
    // The owner still sees the counts.
    expect((await results(w.viewer, w.study.id))!.rows[0]).toMatchObject({ exposed: { n: 5, positive: 3 }, control: { n: 5, positive: 1 } });
  });
});

describe('brand lift results statement count', () => {
  // Every statement that reaches PostgreSQL, recorded by a pool of our own (test/sql-recorder.ts).
  const recordSql = useSqlRecorder();

  async function countFor(responses: number): Promise<number> {
    const w = await world();
    const q1 = await addQuestion(w.study, 1);
    const q2 = await addQuestion(w.study, 2);
    const half = responses / 2;
    const respondents = [...answering('EXPOSED', q1, half, half / 2), ...answering('CONTROL', q1, half, half / 4)];
    respondents.forEach((r, i) => r.options.push({ questionId: q2.id, optionId: i % 3 === 0 ? q2.positive[0]! : q2.negative }));
    await addResponses(w.study, respondents);
    const { result, all } = await recordSql(() => results(w.viewer, w.study.id, { segment: 'GENDER' }));
    const r = result!;
    const count = all.length;
    expect(r.rows[0]!.exposed.n + r.rows[0]!.control.n).toBe(responses);
    return count;
  }

  it('does not grow with the number of responses', async () => {
    const small = await countFor(100);
    const large = await countFor(2_000);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(12);
  });
});
