import { describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { TestClient } from '../../../test/client';
import { createBrandLiftStudy, createCampaign, createMember, createOrganization } from '../../../test/factories';
import type { BrandLiftStudyStatus } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { parseEnv } from '../../lib/env';
import { respondentUrl, verifyRespondentToken } from './brand-lift.tokens';

// Respondent links: full URLs (SURVEY_BASE_URL) and fetched again from a COLLECTING study.

const gid = encodeGlobalID;
type Link = { group: string; token: string; url: string; expiresAt: string };

async function world() {
  const org = await createOrganization();
  const owner = await createMember(org.id, 'OWNER');
  const admin = await createMember(org.id, 'ADMIN');
  const member = await createMember(org.id, 'MEMBER');
  const viewer = await createMember(org.id, 'VIEWER');
  const campaign = await createCampaign(org.id, member.user.id);
  const study = await createBrandLiftStudy(campaign, member.user.id);
  const question = await db().brandLiftQuestion.create({
    data: { organizationId: org.id, studyId: study.id, text: 'Seen it?', type: 'SINGLE_CHOICE', kpi: 'AD_RECALL', position: 1 },
  });
  const option = await db().brandLiftQuestionOption.create({ data: { organizationId: org.id, questionId: question.id, text: 'Yes', position: 1, isPositive: true } });
  await db().brandLiftQuestionOption.create({ data: { organizationId: org.id, questionId: question.id, text: 'No', position: 2 } });
  await db().brandLiftStudy.update({ where: { id: study.id }, data: { status: 'APPROVED' } });
  const stranger = await createMember((await createOrganization()).id, 'OWNER');
  return { org, study, question, option, owner: owner.viewer, admin: admin.viewer, member: member.viewer, viewer: viewer.viewer, stranger: stranger.viewer };
}

async function launch(viewer: Viewer, studyId: string): Promise<Link[]> {
  const data = await new TestClient(viewer).data<{ launchBrandLiftStudy: { launch: { respondentLinks: Link[] } } }>(
    `mutation($input: LaunchBrandLiftStudyInput!) { launchBrandLiftStudy(input: $input) {
       ... on LaunchBrandLiftStudySuccess { launch { respondentLinks { group token url expiresAt } } } } }`,
    { input: { studyId: gid('BrandLiftStudy', studyId) } },
  );
  return data.launchBrandLiftStudy.launch.respondentLinks;
}

async function linksAgain(viewer: Viewer, studyId: string) {
  return new TestClient(viewer).request<{ node: { status: string; respondentLinks: Link[] | null } | null }>(
    `query($id: ID!) { node(id: $id) { ... on BrandLiftStudy { status respondentLinks { group token url expiresAt } } } }`,
    { id: gid('BrandLiftStudy', studyId) },
  );
}

describe('respondent links', () => {
  it('are full URLs at launch, and an ADMIN or OWNER gets the same links again while COLLECTING', async () => {
    const w = await world();
    const launched = await launch(w.admin, w.study.id);
    expect(launched.map((l) => l.group).sort()).toEqual(['CONTROL', 'EXPOSED']);
    for (const link of launched) {
      // Test runs use the default SURVEY_BASE_URL.
      expect(link.url).toBe(`http://localhost:3000/survey?token=${link.token}`);
      expect(new URL(link.url).searchParams.get('token')).toBe(link.token);
      expect(verifyRespondentToken(link.token)).toMatchObject({ studyId: w.study.id, group: link.group });
    }
    for (const who of [w.admin, w.owner]) {
      const again = await linksAgain(who, w.study.id);
      expect(again.errors).toBeUndefined();
      expect(again.data?.node).toEqual({ status: 'COLLECTING', respondentLinks: launched });
    }
  });

  it('a link fetched again is accepted by POST /surveys/responses', async () => {
    const w = await world();
    await launch(w.admin, w.study.id);
    const links = (await linksAgain(w.admin, w.study.id)).data!.node!.respondentLinks!;
    const exposed = links.find((l) => l.group === 'EXPOSED')!;
    const token = new URL(exposed.url).searchParams.get('token');
    const response = await new TestClient(null).fetch('/surveys/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, respondentId: 'again-1', answers: [{ questionId: gid('BrandLiftQuestion', w.question.id), optionIds: [gid('BrandLiftQuestionOption', w.option.id)] }] }),
    });
    expect(response.status).toBe(200);
    expect(await db().brandLiftResponse.findFirstOrThrow({ where: { studyId: w.study.id } })).toMatchObject({ group: 'EXPOSED', respondentId: 'again-1' });
  });

  it('MEMBERs and VIEWERs get null and an authorization error; another organization cannot reach the study', async () => {
    const w = await world();
    await launch(w.admin, w.study.id);
    for (const who of [w.member, w.viewer]) {
      const r = await linksAgain(who, w.study.id);
      expect(r.data?.node).toEqual({ status: 'COLLECTING', respondentLinks: null });
      expect(r.errors?.map((e) => e.path)).toEqual([['node', 'respondentLinks']]);
    }
    const r = await linksAgain(w.stranger, w.study.id);
    expect(r.data?.node).toBeNull();
    expect(JSON.stringify(r)).not.toContain('token');
  });

  it.each(['DRAFT', 'APPROVED', 'COMPLETED', 'ARCHIVED'] as BrandLiftStudyStatus[])('are empty while %s', async (status) => {
    const w = await world();
    await db().brandLiftStudy.update({ where: { id: w.study.id }, data: { status, launchedAt: status === 'COMPLETED' || status === 'ARCHIVED' ? new Date() : null } });
    const r = await linksAgain(w.admin, w.study.id);
    expect(r.errors).toBeUndefined();
    expect(r.data?.node).toEqual({ status, respondentLinks: [] });
  });
});

describe('SURVEY_BASE_URL', () => {
  it('is required in production, points at a local survey page elsewhere, and accepts http(s) URLs only, without a fragment', () => {
    expect(respondentUrl('t')).toBe('http://localhost:3000/survey?token=t');
    const production = { NODE_ENV: 'production', SURVEY_TOKEN_SECRET: 's'.repeat(32) };
    expect(() => parseEnv(production)).toThrow(/SURVEY_BASE_URL: is required in production/);
    expect(parseEnv({ ...production, SURVEY_BASE_URL: 'https://survey.example.com/s' }).SURVEY_BASE_URL).toBe('https://survey.example.com/s');
    expect(parseEnv({ SURVEY_BASE_URL: 'https://survey.example.com/s' }).SURVEY_BASE_URL).toBe('https://survey.example.com/s');
    for (const bad of ['survey.example.com', 'ftp://survey.example.com', 'https://survey.example.com/#x']) {
      expect(() => parseEnv({ SURVEY_BASE_URL: bad })).toThrow(/SURVEY_BASE_URL/);
    }
  });

  it('a link keeps the base URL and its query, and carries the token URL-encoded', () => {
    expect(respondentUrl('abc.def', 'https://survey.example.com/s?lang=de')).toBe('https://survey.example.com/s?lang=de&token=abc.def');
    expect(respondentUrl('a_b-c.d', 'https://survey.example.com')).toBe('https://survey.example.com/?token=a_b-c.d');
    expect(new URL(respondentUrl('x+y=z', 'https://s.example.com/p')).searchParams.get('token')).toBe('x+y=z');
  });
});
