import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { TestClient } from '../../../test/client';
import { createBrandLiftStudy, createCampaign, createMember, createOrganization } from '../../../test/factories';
import type { BrandLiftStudyStatus } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { runRetention } from '../privacy/retention.service';
import { rebuildCountsOfStudies, rebuildStudyCounts } from './brand-lift.counts';
import { BRAND_LIFT_TRANSITIONS, QUESTION_EDITABLE_STATUSES } from './brand-lift.status';
import { issueRespondentToken } from './brand-lift.tokens';

// The running result counts (brand-lift.counts.ts) written by POST /surveys/responses, against
// real PostgreSQL: they agree with the stored responses, duplicates and failures add nothing,
// concurrent submissions lose nothing, and results read from them.

const gid = encodeGlobalID;
const future = () => new Date(Date.now() + 3_600_000);

async function setup() {
  const org = await createOrganization();
  const { user, viewer } = await createMember(org.id, 'ADMIN');
  const campaign = await createCampaign(org.id, user.id);
  const study = await createBrandLiftStudy(campaign, user.id);
  const mk = async (position: number, type: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE', isMandatory: boolean, positive: number[]) => {
    const q = await db().brandLiftQuestion.create({
      data: { organizationId: org.id, studyId: study.id, text: `Q${position}`, type, kpi: 'AD_RECALL', position, isMandatory },
    });
    const options = await db().brandLiftQuestionOption.createManyAndReturn({
      data: [1, 2, 3].map((p) => ({ organizationId: org.id, questionId: q.id, text: `O${p}`, position: p, isPositive: positive.includes(p) })),
    });
    return { id: q.id, gid: gid('BrandLiftQuestion', q.id), options: options.sort((a, b) => a.position - b.position).map((o) => gid('BrandLiftQuestionOption', o.id)) };
  };
  // q1: single choice, option 1 positive. q2: optional multiple choice, options 1 and 2 positive.
  const q1 = await mk(1, 'SINGLE_CHOICE', true, [1]);
  const q2 = await mk(2, 'MULTIPLE_CHOICE', false, [1, 2]);
  await db().brandLiftStudy.update({ where: { id: study.id }, data: { status: 'COLLECTING', launchedAt: new Date() } });
  const tokens = { EXPOSED: issueRespondentToken(study.id, 'EXPOSED', future()), CONTROL: issueRespondentToken(study.id, 'CONTROL', future()) };
  return { org, viewer, study, q1, q2, tokens };
}
type World = Awaited<ReturnType<typeof setup>>;

interface Submission {
  group: 'EXPOSED' | 'CONTROL';
  respondentId: string;
  /** Option numbers (1-based) chosen for q1 and q2; q2 omitted = skipped. */
  q1: number;
  q2?: number[];
  demographics?: Record<string, string>;
}
const body = (w: World, s: Submission) => ({
  token: w.tokens[s.group],
  respondentId: s.respondentId,
  answers: [
    { questionId: w.q1.gid, optionIds: [w.q1.options[s.q1 - 1]] },
    ...(s.q2 ? [{ questionId: w.q2.gid, optionIds: s.q2.map((n) => w.q2.options[n - 1]) }] : []),
  ],
  ...(s.demographics ? { demographics: s.demographics } : {}),
});
async function post(payload: unknown) {
  const response = await new TestClient(null).fetch('/surveys/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The study's cells without ids and timestamps, in a stable order. */
async function cells(w: World) {
  const rows = await db().brandLiftResultCount.findMany({
    where: { studyId: w.study.id },
    select: { organizationId: true, questionId: true, group: true, ageBucket: true, gender: true, country: true, slot: true, respondents: true, positive: true },
  });
  return rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
/** What a recount from the stored responses and answers gives (rolled back: the stored cells stay). */
async function recount(w: World) {
  let snapshot: Awaited<ReturnType<typeof cells>> = [];
  await db()
    .$transaction(async (tx) => {
      await rebuildStudyCounts(tx, w.org.id, w.study.id);
      const rows = await tx.brandLiftResultCount.findMany({
        where: { studyId: w.study.id },
        select: { organizationId: true, questionId: true, group: true, ageBucket: true, gender: true, country: true, slot: true, respondents: true, positive: true },
      });
      snapshot = rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      throw new Error('rollback');
    })
    .catch((error: Error) => {
      if (error.message !== 'rollback') throw error;
    });
  return snapshot;
}

const RESULTS = `query($id: ID!, $segment: ResultSegment) { node(id: $id) { ... on BrandLiftStudy { results(segment: $segment) {
  ... on BrandLiftResults { rows { position segmentValue exposed { n positive } control { n positive } } } } } } }`;
type ResultRow = { position: number; segmentValue: string | null; exposed: { n: number; positive: number }; control: { n: number; positive: number } };
async function results(viewer: Viewer, studyId: string, segment?: string) {
  const data = await new TestClient(viewer).data<{ node: { results: { rows: ResultRow[] } } }>(RESULTS, { id: gid('BrandLiftStudy', studyId), segment });
  return data.node.results.rows.map((r) => [r.segmentValue, r.position, r.exposed.n, r.exposed.positive, r.control.n, r.control.positive]);
}

const MIXED: Submission[] = [
  { group: 'EXPOSED', respondentId: 'a', q1: 1, q2: [1, 2], demographics: { ageBucket: 'AGE_25_34', gender: 'FEMALE', country: 'DE' } },
  { group: 'EXPOSED', respondentId: 'b', q1: 2, demographics: { ageBucket: 'AGE_25_34', gender: 'FEMALE', country: 'DE' } },
  { group: 'CONTROL', respondentId: 'c', q1: 1, q2: [3] },
  { group: 'CONTROL', respondentId: 'd', q1: 3, q2: [2, 3], demographics: { gender: 'MALE', country: 'US' } },
];

describe('brand lift result counts', () => {
  it('each stored response lands in the cells of its group and demographics, equal to a recount, and results read them', async () => {
    const w = await setup();
    for (const s of MIXED) expect(await post(body(w, s))).toMatchObject({ status: 200, body: { status: 'stored' } });

    const stored = await cells(w);
    expect(stored).toEqual(await recount(w));
    // Every response has its group, age bucket, gender and country on the cells of the questions it answered.
    const responses = await db().brandLiftResponse.findMany({ where: { studyId: w.study.id }, include: { answers: { select: { questionId: true } } } });
    expect(responses).toHaveLength(4);
    for (const r of responses) {
      for (const questionId of new Set(r.answers.map((a) => a.questionId))) {
        const cell = stored.filter((c) => c.questionId === questionId && c.group === r.group && c.ageBucket === r.ageBucket && c.gender === r.gender && c.country === r.country);
        expect(cell.reduce((sum, c) => sum + c.respondents, 0)).toBeGreaterThanOrEqual(1);
      }
    }
    expect(stored.reduce((sum, c) => sum + c.respondents, 0)).toBe(4 + 3); // q1 by everyone, q2 by three
    expect(stored.every((c) => c.organizationId === w.org.id && c.slot >= 0 && c.slot <= 15)).toBe(true);

    // q1: E 1/2, C 1/2. q2 (a chose both positives: once; c a negative; d one positive): E 1/1, C 1/2.
    expect(await results(w.viewer, w.study.id)).toEqual([
      [null, 1, 2, 1, 2, 1],
      [null, 2, 1, 1, 2, 1],
    ]);
    expect(await results(w.viewer, w.study.id, 'GENDER')).toEqual([
      ['FEMALE', 1, 2, 1, 0, 0],
      ['FEMALE', 2, 1, 1, 0, 0],
      ['MALE', 1, 0, 0, 1, 0],
      ['MALE', 2, 0, 0, 1, 1],
      ['UNKNOWN', 1, 0, 0, 1, 1],
      ['UNKNOWN', 2, 0, 0, 1, 0],
    ]);
  });

  it('a duplicate delivery, sequential or concurrent, is counted once', async () => {
    const w = await setup();
    const payload = body(w, MIXED[0]!);
    const first = await Promise.all(Array.from({ length: 5 }, () => post(payload)));
    expect(first.map((r) => r.body.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'stored']);
    // Same respondent, other answers and group: still a duplicate.
    expect((await post(body(w, { ...MIXED[1]!, group: 'CONTROL', respondentId: 'a' }))).body).toEqual({ status: 'duplicate' });
    expect(await results(w.viewer, w.study.id)).toEqual([
      [null, 1, 1, 1, 0, 0],
      [null, 2, 1, 1, 0, 0],
    ]);
    expect(await cells(w)).toEqual(await recount(w));
  });

  it('a refused submission counts nothing', async () => {
    const w = await setup();
    const bad = body(w, MIXED[0]!);
    bad.answers[0]!.optionIds = [w.q2.options[0]];
    expect((await post(bad)).status).toBe(400);
    expect((await post({ ...body(w, MIXED[0]!), token: issueRespondentToken(w.study.id, 'EXPOSED', future(), 'z'.repeat(40)) })).status).toBe(400);
    expect(await cells(w)).toEqual([]);
  });

  it('concurrent submissions into the same cells lose no count and do not deadlock', async () => {
    const w = await setup();
    const demographics = { ageBucket: 'AGE_18_24', gender: 'FEMALE', country: 'FR' };
    const batch: Submission[] = Array.from({ length: 40 }, (_, i) => ({
      group: i % 2 === 0 ? 'EXPOSED' : 'CONTROL',
      respondentId: `p${i}`,
      q1: i % 4 < 2 ? 1 : 2,
      q2: i % 5 === 0 ? [3] : [1],
      demographics,
    }));
    const replies = await Promise.all(batch.map((s) => post(body(w, s))));
    expect(replies.map((r) => r.status)).toEqual(batch.map(() => 200));
    // q1 positive for i % 4 in {0, 1}: 10 exposed (i = 0, 4, ...), 10 control. q2 negative for i % 5 = 0: 4 exposed, 4 control.
    expect(await results(w.viewer, w.study.id)).toEqual([
      [null, 1, 20, 10, 20, 10],
      [null, 2, 20, 16, 20, 16],
    ]);
    expect(await cells(w)).toEqual(await recount(w));
  });

  it('keeps segmented results when retention clears the demographics of old responses', async () => {
    const w = await setup();
    for (const s of MIXED) await post(body(w, s));
    const before = await results(w.viewer, w.study.id, 'COUNTRY');
    expect(before).toContainEqual(['DE', 1, 2, 1, 0, 0]);
    // Retention takes a global advisory lock; another test file may hold it for a moment.
    let anonymized = 0;
    for (let attempt = 0; attempt < 50 && anonymized === 0; attempt++) {
      const report = await runRetention({ now: new Date(Date.now() + 4000 * 86_400_000), organizationIds: [w.org.id] });
      anonymized = report.responsesAnonymized;
      if (report.skipped) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(anonymized).toBe(4);
    expect(await db().brandLiftResponse.count({ where: { studyId: w.study.id, country: { not: null } } })).toBe(0);
    expect(await results(w.viewer, w.study.id, 'COUNTRY')).toEqual(before);
  });

  it('the post-rollout rebuild job counts responses that old instances stored without counting', async () => {
    const w = await setup();
    // Two responses accepted by an instance still on the code before the counts: stored, not counted.
    for (const s of MIXED.slice(0, 2)) expect(await post(body(w, s))).toMatchObject({ status: 200, body: { status: 'stored' } });
    await db().brandLiftResultCount.deleteMany({ where: { studyId: w.study.id } });
    // Two more through the new code: counted.
    for (const s of MIXED.slice(2)) expect(await post(body(w, s))).toMatchObject({ status: 200, body: { status: 'stored' } });
    const missing = await cells(w);
    expect(missing.reduce((sum, c) => sum + c.respondents, 0)).toBe(2 + 2); // only c and d
    expect(missing).not.toEqual(await recount(w));

    const report = await rebuildCountsOfStudies({ organizationId: w.org.id });
    expect(report).toEqual({ studies: 1, changed: 1 });
    const rebuilt = await cells(w);
    expect(rebuilt.reduce((sum, c) => sum + c.respondents, 0)).toBe(4 + 3);
    expect(rebuilt).toEqual(await recount(w));
    expect(await results(w.viewer, w.study.id)).toEqual([
      [null, 1, 2, 1, 2, 1],
      [null, 2, 1, 1, 2, 1],
    ]);
    // Again: nothing left to fix. A study in another status is left alone.
    expect(await rebuildCountsOfStudies({ organizationId: w.org.id })).toEqual({ studies: 1, changed: 0 });
    expect(await rebuildCountsOfStudies({ organizationId: w.org.id, statuses: ['DRAFT'] })).toEqual({ studies: 0, changed: 0 });
  });

  it('the migration backfills existing responses exactly as the submission path counts them', async () => {
    const w = await setup();
    for (const s of MIXED) await post(body(w, s));
    const migration = readFileSync(new URL('../../../prisma/migrations/20261125130000_brand_lift_answer_aggregates/migration.sql', import.meta.url), 'utf8');
    const start = migration.indexOf('INSERT INTO "BrandLiftResultCount"');
    const backfill = migration.slice(start, migration.indexOf(';', start));
    expect(backfill).toContain('GROUP BY');
    let backfilled: unknown[] = [];
    await db().$transaction(async (tx) => {
      // A temporary table of the same shape shadows the real one for the unqualified name.
      await tx.$executeRawUnsafe(`CREATE TEMP TABLE "BrandLiftResultCount" (LIKE public."BrandLiftResultCount" INCLUDING DEFAULTS) ON COMMIT DROP`);
      await tx.$executeRawUnsafe(backfill);
      backfilled = await tx.$queryRawUnsafe(
        `SELECT "organizationId"::text, "questionId"::text, "group"::text, "ageBucket"::text, gender::text, country, slot::int, respondents, positive
         FROM pg_temp."BrandLiftResultCount" WHERE "studyId" = $1::uuid ORDER BY 2, 3, 4, 5, 6, 7`,
        w.study.id,
      );
    });
    const live = await db().$queryRawUnsafe(
      `SELECT "organizationId"::text, "questionId"::text, "group"::text, "ageBucket"::text, gender::text, country, slot::int, respondents, positive
       FROM public."BrandLiftResultCount" WHERE "studyId" = $1::uuid ORDER BY 2, 3, 4, 5, 6, 7`,
      w.study.id,
    );
    expect(backfilled.length).toBeGreaterThanOrEqual(6); // 7 answered (response, question) pairs; two may share a cell
    expect(backfilled).toEqual(live);
  });
});

describe('flags counted at submission stay valid', () => {
  it('no transition leads from APPROVED or later back to a status where options are editable', () => {
    const reachable = (from: BrandLiftStudyStatus): Set<BrandLiftStudyStatus> => {
      const seen = new Set<BrandLiftStudyStatus>([from]);
      const queue = [from];
      for (let i = 0; i < queue.length && i < 100; i++) {
        for (const rule of Object.values(BRAND_LIFT_TRANSITIONS)) {
          if (rule.from.includes(queue[i]!) && !seen.has(rule.to)) {
            seen.add(rule.to);
            queue.push(rule.to);
          }
        }
      }
      return seen;
    };
    expect(reachable('DRAFT').has('COLLECTING')).toBe(true); // the walk is not vacuous
    for (const status of ['APPROVED', 'COLLECTING', 'COMPLETED', 'ARCHIVED'] as const) {
      expect([...reachable(status)].filter((s) => QUESTION_EDITABLE_STATUSES.includes(s))).toEqual([]);
    }
  });

  it('a COLLECTING study refuses option changes, so results keep their positives', async () => {
    const w = await setup();
    for (const s of MIXED) await post(body(w, s));
    const before = await results(w.viewer, w.study.id);
    expect(before[0]).toEqual([null, 1, 2, 1, 2, 1]);
    const r = await new TestClient(w.viewer).data<{ updateBrandLiftQuestion: { __typename: string } }>(
      `mutation($input: UpdateBrandLiftQuestionInput!) { updateBrandLiftQuestion(input: $input) { __typename } }`,
      { input: { questionId: w.q1.gid, options: [{ text: 'No', isPositive: false }, { text: 'Yes', isPositive: true }] } },
    );
    expect(r.updateBrandLiftQuestion.__typename).toBe('BrandLiftNotEditableError');
    expect(await db().brandLiftQuestionOption.count({ where: { questionId: w.q1.id, isPositive: true, position: 1 } })).toBe(1);
    expect(await results(w.viewer, w.study.id)).toEqual(before);
  });
});
