import { describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { TestClient } from '../../../test/client';
import { createBrandLiftStudy, createCampaign, createMember, createOrganization } from '../../../test/factories';
import type { BrandLiftStudyStatus, MembershipRole } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { BRAND_LIFT_TRANSITIONS, FUNNEL_STAGE_OF_KPI, type BrandLiftTransition } from './brand-lift.status';

// Study design and approval through the whole HTTP pipeline against real PostgreSQL.

type Result = Record<string, unknown> & { __typename: string; code?: string; currentStatus?: string };
const gid = encodeGlobalID;

async function mutate(viewer: Viewer, name: string, input: Record<string, unknown>, select = '__typename'): Promise<Result> {
  const type = name[0]!.toUpperCase() + name.slice(1);
  const query = `mutation($input: ${type}Input!) { ${name}(input: $input) {
    __typename ... on ${type}Success { ${select} }
    ... on Error { message code }
    ... on ValidationError { issues { path message } }
    ... on BrandLiftInvalidTransitionError { currentStatus transition }
    ... on BrandLiftNotEditableError { currentStatus }
  } }`;
  const r = await new TestClient(viewer).request<Record<string, Result>>(query, { input });
  if (r.errors?.length) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
  return r.data![name]!;
}

async function world() {
  const org = await createOrganization();
  const member = await createMember(org.id, 'MEMBER');
  const admin = await createMember(org.id, 'ADMIN');
  const campaign = await createCampaign(org.id, member.user.id);
  return { org, campaign, user: member.user, member: member.viewer, admin: admin.viewer };
}

const question = (studyId: string, over: Record<string, unknown> = {}) => ({
  studyId: gid('BrandLiftStudy', studyId),
  text: 'Do you remember seeing an ad for Acme?',
  type: 'SINGLE_CHOICE',
  kpi: 'AD_RECALL',
  options: [
    { text: 'Yes', isPositive: true },
    { text: 'No', isPositive: false },
  ],
  ...over,
});

async function studyIn(status: BrandLiftStudyStatus, w: Awaited<ReturnType<typeof world>>) {
  const study = await createBrandLiftStudy(w.campaign, w.user.id);
  await db().brandLiftQuestion.create({
    data: { organizationId: w.org.id, studyId: study.id, text: 'Q', type: 'SINGLE_CHOICE', kpi: 'AD_RECALL', position: 1 },
  });
  await db().brandLiftStudy.update({ where: { id: study.id }, data: { status } });
  return study;
}

const FIELD_OF: Record<BrandLiftTransition, string> = {
  REQUEST_REVIEW: 'requestBrandLiftReview',
  REQUEST_CHANGES: 'requestBrandLiftChanges',
  APPROVE: 'approveBrandLiftStudy',
  LAUNCH: 'launchBrandLiftStudy',
  COMPLETE: 'completeBrandLiftStudy',
  ARCHIVE: 'archiveBrandLiftStudy',
};
const ALL_STATUSES: BrandLiftStudyStatus[] = ['DRAFT', 'PENDING_APPROVAL', 'CHANGES_REQUESTED', 'APPROVED', 'COLLECTING', 'COMPLETED', 'ARCHIVED'];
const ROLES: MembershipRole[] = ['MEMBER', 'ADMIN'];

describe('brand lift lifecycle', () => {
  const cases = (Object.keys(BRAND_LIFT_TRANSITIONS) as BrandLiftTransition[]).flatMap((transition) =>
    ALL_STATUSES.flatMap((from) => ROLES.map((role) => [transition, from, role] as const)),
  );
  it.each(cases)('%s from %s as %s', async (transition, from, role) => {
    const w = await world();
    const study = await studyIn(from, w);
    const rule = BRAND_LIFT_TRANSITIONS[transition];
    const viewer = role === 'ADMIN' ? w.admin : w.member;
    const input: Record<string, unknown> = { studyId: gid('BrandLiftStudy', study.id) };
    if (transition === 'REQUEST_CHANGES') input.comment = 'Please rephrase question 1';
    const select = transition === 'LAUNCH' ? 'launch { study { status } respondentLinks { group token } }' : 'study { status }';
    const r = await mutate(viewer, FIELD_OF[transition], input, select);
    const roleOk = role === 'ADMIN' || rule.role === 'MEMBER';
    const after = await db().brandLiftStudy.findUniqueOrThrow({ where: { id: study.id } });
    const audits = await db().auditLog.findMany({ where: { targetId: study.id, action: 'STATUS_CHANGE' } });
    if (!roleOk) {
      expect(r.__typename).toBe('ForbiddenError');
    } else if (!rule.from.includes(from)) {
      expect(r.__typename).toBe('BrandLiftInvalidTransitionError');
      expect(r.currentStatus).toBe(from);
    } else {
      expect(r.__typename).toMatch(/Success$/);
      expect(after.status).toBe(rule.to);
      expect(audits).toHaveLength(1);
      expect(audits[0]!.before).toEqual({ status: from });
      if (transition === 'LAUNCH') {
        const links = (r.launch as { respondentLinks: { group: string }[] }).respondentLinks.map((l) => l.group).sort();
        expect(links).toEqual(['CONTROL', 'EXPOSED']);
        expect(after.launchedAt).not.toBeNull();
      }
      if (transition === 'REQUEST_CHANGES') {
        const comments = await db().brandLiftComment.findMany({ where: { studyId: study.id } });
        expect(comments.map((c) => c.body)).toEqual(['Please rephrase question 1']);
      }
      return;
    }
    expect(after.status).toBe(from);
    expect(audits).toHaveLength(0);
  });

  it('asking for review needs a question', async () => {
    const w = await world();
    const study = await createBrandLiftStudy(w.campaign, w.user.id);
    const r = await mutate(w.member, 'requestBrandLiftReview', { studyId: gid('BrandLiftStudy', study.id) });
    expect(r.__typename).toBe('ValidationError');
  });
});

describe('brand lift design', () => {
  it('creates a study and derives the funnel stage from the KPI', async () => {
    const w = await world();
    for (const [kpi, stage] of Object.entries(FUNNEL_STAGE_OF_KPI)) {
      const r = await mutate(w.member, 'createBrandLiftStudy', { campaignId: gid('CampaignWizard', w.campaign.id), name: `S ${kpi}`, primaryKpi: kpi }, 'study { funnelStage status targetSamplePerGroup }');
      expect(r.study).toEqual({ funnelStage: stage, status: 'DRAFT', targetSamplePerGroup: 400 });
    }
    const explicit = await mutate(
      w.member,
      'createBrandLiftStudy',
      { campaignId: gid('CampaignWizard', w.campaign.id), name: 'Explicit', primaryKpi: 'AD_RECALL', funnelStage: 'BOTTOM', targetSamplePerGroup: 1000 },
      'study { funnelStage targetSamplePerGroup }',
    );
    expect(explicit.study).toEqual({ funnelStage: 'BOTTOM', targetSamplePerGroup: 1000 });
    expect(await db().auditLog.count({ where: { organizationId: w.org.id, targetType: 'BRAND_LIFT_STUDY', action: 'CREATE' } })).toBe(10);
  });

  it('validates questions: two options, one positive', async () => {
    const w = await world();
    const study = await createBrandLiftStudy(w.campaign, w.user.id);
    const one = await mutate(w.member, 'addBrandLiftQuestion', question(study.id, { options: [{ text: 'Yes', isPositive: true }] }));
    expect(one.__typename).toBe('ValidationError');
    const none = await mutate(w.member, 'addBrandLiftQuestion', question(study.id, { options: [{ text: 'A', isPositive: false }, { text: 'B', isPositive: false }] }));
    expect(none.__typename).toBe('ValidationError');
    expect(await db().brandLiftQuestion.count({ where: { studyId: study.id } })).toBe(0);
  });

  it('adds, updates, reorders and removes questions with unique positions', async () => {
    const w = await world();
    const study = await createBrandLiftStudy(w.campaign, w.user.id);
    const ids: string[] = [];
    for (const text of ['One', 'Two', 'Three']) {
      const r = await mutate(w.member, 'addBrandLiftQuestion', question(study.id, { text }), 'question { id position options { text position isPositive } }');
      const q = r.question as { id: string; position: number; options: unknown[] };
      expect(q.options).toEqual([
        { text: 'Yes', position: 1, isPositive: true },
        { text: 'No', position: 2, isPositive: false },
      ]);
      ids.push(q.id);
    }
    const updated = await mutate(
      w.member,
      'updateBrandLiftQuestion',
      { questionId: ids[0], text: 'Uno', type: 'MULTIPLE_CHOICE', options: [{ text: 'A', isPositive: true }, { text: 'B', isPositive: true }, { text: 'C', isPositive: false }] },
      'question { text type options { text } }',
    );
    expect(updated.question).toEqual({ text: 'Uno', type: 'MULTIPLE_CHOICE', options: [{ text: 'A' }, { text: 'B' }, { text: 'C' }] });

    const reordered = await mutate(w.member, 'reorderBrandLiftQuestions', { studyId: gid('BrandLiftStudy', study.id), questionIds: [ids[2], ids[0], ids[1]] }, 'study { questions { text position } }');
    expect(reordered.study).toEqual({ questions: [{ text: 'Three', position: 1 }, { text: 'Uno', position: 2 }, { text: 'Two', position: 3 }] });
    const partial = await mutate(w.member, 'reorderBrandLiftQuestions', { studyId: gid('BrandLiftStudy', study.id), questionIds: [ids[2], ids[0]] });
    expect(partial.__typename).toBe('ValidationError');

    const removed = await mutate(w.member, 'removeBrandLiftQuestion', { questionId: ids[0] }, 'study { questions { text position } }');
    expect(removed.study).toEqual({ questions: [{ text: 'Three', position: 1 }, { text: 'Two', position: 2 }] });
    const actions = await db().auditLog.findMany({ where: { organizationId: w.org.id, targetType: 'BRAND_LIFT_QUESTION' }, select: { action: true } });
    expect(actions.map((a) => a.action).sort()).toEqual(['CREATE', 'CREATE', 'CREATE', 'DELETE', 'UPDATE']);
  });

  it.each(['PENDING_APPROVAL', 'APPROVED', 'COLLECTING', 'COMPLETED', 'ARCHIVED'] as const)('locks questions when %s', async (status) => {
    const w = await world();
    const study = await studyIn(status, w);
    const q = await db().brandLiftQuestion.findFirstOrThrow({ where: { studyId: study.id } });
    const results = [
      await mutate(w.admin, 'addBrandLiftQuestion', question(study.id)),
      await mutate(w.admin, 'updateBrandLiftQuestion', { questionId: gid('BrandLiftQuestion', q.id), text: 'Changed' }),
      await mutate(w.admin, 'removeBrandLiftQuestion', { questionId: gid('BrandLiftQuestion', q.id) }),
      await mutate(w.admin, 'reorderBrandLiftQuestions', { studyId: gid('BrandLiftStudy', study.id), questionIds: [gid('BrandLiftQuestion', q.id)] }),
      await mutate(w.admin, 'updateBrandLiftStudy', { studyId: gid('BrandLiftStudy', study.id), name: 'Changed' }),
    ];
    for (const r of results) expect(r).toMatchObject({ __typename: 'BrandLiftNotEditableError', code: 'NOT_EDITABLE', currentStatus: status });
    expect(await db().brandLiftQuestion.findMany({ where: { studyId: study.id }, select: { text: true } })).toEqual([{ text: 'Q' }]);
  });

  it('CHANGES_REQUESTED unlocks editing again', async () => {
    const w = await world();
    const study = await studyIn('CHANGES_REQUESTED', w);
    const r = await mutate(w.member, 'addBrandLiftQuestion', question(study.id), 'question { position }');
    expect(r.question).toEqual({ position: 2 });
  });

  it('comments on the study and on a question, resolves them, all audited', async () => {
    const w = await world();
    const study = await studyIn('PENDING_APPROVAL', w);
    const q = await db().brandLiftQuestion.findFirstOrThrow({ where: { studyId: study.id } });
    const onStudy = await mutate(w.member, 'addBrandLiftComment', { studyId: gid('BrandLiftStudy', study.id), body: 'Looks good' }, 'comment { id body question { id } isResolved }');
    expect(onStudy.comment).toMatchObject({ body: 'Looks good', question: null, isResolved: false });
    const onQuestion = await mutate(
      w.admin,
      'addBrandLiftComment',
      { studyId: gid('BrandLiftStudy', study.id), questionId: gid('BrandLiftQuestion', q.id), body: 'Too leading' },
      'comment { id question { id } }',
    );
    const commentId = (onQuestion.comment as { id: string }).id;
    expect((onQuestion.comment as { question: { id: string } }).question.id).toBe(gid('BrandLiftQuestion', q.id));
    const resolved = await mutate(w.member, 'resolveBrandLiftComment', { commentId }, 'comment { isResolved resolvedAt }');
    expect(resolved.comment).toMatchObject({ isResolved: true });
    const again = await mutate(w.member, 'resolveBrandLiftComment', { commentId });
    expect(again.__typename).toBe('ConflictError');
    const audits = await db().auditLog.findMany({ where: { organizationId: w.org.id, targetType: 'BRAND_LIFT_COMMENT' }, select: { action: true } });
    expect(audits.map((a) => a.action).sort()).toEqual(['COMMENT', 'COMMENT', 'UPDATE']);

    const otherStudy = await createBrandLiftStudy(w.campaign, w.user.id);
    const foreignQuestion = await mutate(w.member, 'addBrandLiftComment', {
      studyId: gid('BrandLiftStudy', otherStudy.id),
      questionId: gid('BrandLiftQuestion', q.id),
      body: 'Wrong study',
    });
    expect(foreignQuestion.__typename).toBe('NotFoundError');
  });
});
