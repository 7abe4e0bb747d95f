import { describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createYoga } from 'graphql-yoga';
import { TestClient } from '../../../test/client';
import { createBrandLiftStudy, createCampaign, createMember, createOrganization } from '../../../test/factories';
import type { BrandLiftStudyStatus } from '../../generated/prisma/client.ts';
import { db } from '../../lib/db/client';
import { FixedWindowLimiter, MemoryStore } from '../../lib/rate-limit';
import { schema } from '../../schema';
import { surveyResponsesPlugin } from './brand-lift.route';
import { BadTokenSignatureError, ExpiredTokenError, MalformedTokenError, issueRespondentToken, verifyRespondentToken } from './brand-lift.tokens';
import { withUnreachableDatabase } from '../../../test/support/unreachable-db';

// Respondent tokens and POST /surveys/responses against real PostgreSQL.

const gid = encodeGlobalID;
const future = () => new Date(Date.now() + 3_600_000);

async function setup(status: BrandLiftStudyStatus = 'COLLECTING') {
  const org = await createOrganization();
  const { user } = await createMember(org.id, 'ADMIN');
  const campaign = await createCampaign(org.id, user.id);
  const study = await createBrandLiftStudy(campaign, user.id);
  const mk = async (position: number, type: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE', isMandatory: boolean) => {
    const q = await db().brandLiftQuestion.create({
      data: { organizationId: org.id, studyId: study.id, text: `Q${position}`, type, kpi: 'AD_RECALL', position, isMandatory },
    });
    const options = await Promise.all(
      [1, 2, 3].map((p) => db().brandLiftQuestionOption.create({ data: { organizationId: org.id, questionId: q.id, text: `O${p}`, position: p, isPositive: p === 1 } })),
    );
    return { id: gid('BrandLiftQuestion', q.id), options: options.sort((a, b) => a.position - b.position).map((o) => gid('BrandLiftQuestionOption', o.id)) };
  };
  const single = await mk(1, 'SINGLE_CHOICE', true);
  const multi = await mk(2, 'MULTIPLE_CHOICE', false);
  await db().brandLiftStudy.update({ where: { id: study.id }, data: { status } });
  return { org, study, single, multi };
}

type World = Awaited<ReturnType<typeof setup>>;
const valid = (w: World, over: Record<string, unknown> = {}) => ({
  token: issueRespondentToken(w.study.id, 'CONTROL', future()),
  respondentId: `r-${Math.random().toString(36).slice(2)}`,
  answers: [
    { questionId: w.single.id, optionIds: [w.single.options[0]] },
    { questionId: w.multi.id, optionIds: [w.multi.options[0], w.multi.options[2]] },
  ],
  demographics: { ageBucket: 'AGE_25_34', gender: 'FEMALE', country: 'DE' },
  ...over,
});

async function post(body: unknown, client: { fetch: (path: string, init: RequestInit) => Promise<Response> } = new TestClient(null)) {
  const response = await client.fetch('/surveys/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const counts = async (w: World) => ({
  responses: await db().brandLiftResponse.count({ where: { studyId: w.study.id } }),
  answers: await db().brandLiftAnswer.count({ where: { organizationId: w.org.id } }),
});

describe('respondent tokens', () => {
  const studyId = '00000000-0000-4000-8000-000000000001';
  it('round-trips study, group and expiry', () => {
    const exp = future();
    const claims = verifyRespondentToken(issueRespondentToken(studyId, 'EXPOSED', exp));
    expect(claims).toEqual({ studyId, group: 'EXPOSED', expiresAt: new Date(Math.floor(exp.getTime() / 1000) * 1000) });
  });
  it('refuses another secret, a tampered group, an expired token and garbage', () => {
    const token = issueRespondentToken(studyId, 'CONTROL', future());
    expect(() => verifyRespondentToken(issueRespondentToken(studyId, 'EXPOSED', future(), 'x'.repeat(40)))).toThrow(BadTokenSignatureError);
    const [payload, signature] = token.split('.') as [string, string];
    const tampered = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('"g":"C"', '"g":"E"')).toString('base64url');
    expect(() => verifyRespondentToken(`${tampered}.${signature}`)).toThrow(BadTokenSignatureError);
    expect(() => verifyRespondentToken(issueRespondentToken(studyId, 'CONTROL', new Date(Date.now() - 1000)))).toThrow(ExpiredTokenError);
    for (const bad of ['', 'abc', 'a.b.c', 42, `${payload}.`]) expect(() => verifyRespondentToken(bad)).toThrow(MalformedTokenError);
  });
});

describe('POST /surveys/responses', () => {
  it('stores a response with the group from the token, ignoring a group in the payload', async () => {
    const w = await setup();
    const body = { ...valid(w), group: 'EXPOSED' };
    const r = await post(body);
    expect(r).toMatchObject({ status: 200, body: { status: 'stored' } });
    const stored = await db().brandLiftResponse.findFirstOrThrow({ where: { studyId: w.study.id }, include: { answers: true } });
    expect(stored).toMatchObject({ group: 'CONTROL', organizationId: w.org.id, ageBucket: 'AGE_25_34', gender: 'FEMALE', country: 'DE' });
    expect(stored.answers).toHaveLength(3);
  });

  it('a duplicate delivery is not counted twice', async () => {
    const w = await setup();
    const body = valid(w);
    expect((await post(body)).body).toMatchObject({ status: 'stored' });
    const other = { ...body, answers: [{ questionId: w.single.id, optionIds: [w.single.options[1]] }] };
    expect(await post(other)).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(await counts(w)).toEqual({ responses: 1, answers: 3 });
  });

  it.each([
    ['forged token', (w: World) => ({ token: issueRespondentToken(w.study.id, 'EXPOSED', future(), 'y'.repeat(40)) })],
    ['expired token', (w: World) => ({ token: issueRespondentToken(w.study.id, 'EXPOSED', new Date(Date.now() - 1000)) })],
    ['foreign question', (w: World) => ({ answers: [{ questionId: w.single.id, optionIds: [w.single.options[0]] }, { questionId: gid('BrandLiftQuestion', '00000000-0000-4000-8000-000000000009'), optionIds: [w.single.options[0]] }] })],
    ['option of another question', (w: World) => ({ answers: [{ questionId: w.single.id, optionIds: [w.multi.options[0]] }] })],
    ['two options on single choice', (w: World) => ({ answers: [{ questionId: w.single.id, optionIds: [w.single.options[0], w.single.options[1]] }] })],
    ['missing mandatory', (w: World) => ({ answers: [{ questionId: w.multi.id, optionIds: [w.multi.options[0]] }] })],
    ['question answered twice', (w: World) => ({ answers: [{ questionId: w.single.id, optionIds: [w.single.options[0]] }, { questionId: w.single.id, optionIds: [w.single.options[1]] }] })],
    ['repeated option', (w: World) => ({ answers: [{ questionId: w.single.id, optionIds: [w.single.options[0]] }, { questionId: w.multi.id, optionIds: [w.multi.options[0], w.multi.options[0]] }] })],
    ['bad country', () => ({ demographics: { country: 'Germany' } })],
    ['respondent id too long', () => ({ respondentId: 'x'.repeat(129) })],
  ])('%s: 400 and nothing stored', async (_name, over) => {
    const w = await setup();
    const r = await post(valid(w, over(w)));
    expect(r.status).toBe(400);
    expect(await counts(w)).toEqual({ responses: 0, answers: 0 });
  });

  it('a token of another study cannot answer this study’s questions', async () => {
    const w = await setup();
    const v = await setup();
    const r = await post(valid(w, { token: issueRespondentToken(v.study.id, 'EXPOSED', future()) }));
    expect(r.status).toBe(400);
    expect(await counts(w)).toEqual({ responses: 0, answers: 0 });
    expect(await counts(v)).toEqual({ responses: 0, answers: 0 });
  });

  it.each(['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'COMPLETED', 'ARCHIVED'] as const)('refuses a %s study', async (status) => {
    const w = await setup(status);
    const r = await post(valid(w));
    expect(r).toMatchObject({ status: 409, body: { code: 'NOT_COLLECTING' } });
    expect(await counts(w)).toEqual({ responses: 0, answers: 0 });
  });

  it('refuses non-JSON, other methods and large bodies', async () => {
    const client = new TestClient(null);
    expect((await client.fetch('/surveys/responses', { method: 'GET' })).status).toBe(405);
    expect((await client.fetch('/surveys/responses', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const big = JSON.stringify({ token: 'x', respondentId: 'y'.repeat(40_000), answers: [] });
    expect((await client.fetch('/surveys/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })).status).toBe(413);
  });

  it('rate-limits per token and address: 429', async () => {
    const w = await setup();
    const limiter = new FixedWindowLimiter(new MemoryStore());
    const app = createYoga({ schema, plugins: [surveyResponsesPlugin({ limiter, perMinutePerToken: 2, perMinutePerAddress: 100 })] });
    const client = { fetch: (path: string, init: RequestInit) => Promise.resolve(app.fetch(new URL(path, 'http://localhost'), init)) };
    const token = issueRespondentToken(w.study.id, 'EXPOSED', future());
    expect((await post(valid(w, { token }), client)).status).toBe(200);
    expect((await post(valid(w, { token }), client)).status).toBe(200);
    const limited = await post(valid(w, { token }), client);
    expect(limited).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    expect((await post(valid(w), client)).status).toBe(200);
    expect(await counts(w)).toMatchObject({ responses: 3 });
    await limiter.close();
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while the database cannot be reached (not 500)', async () => {
    const w = await setup();
    const body = valid(w);
    const response = await withUnreachableDatabase(() =>
      new TestClient(null).fetch('/surveys/responses', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'service temporarily unavailable', code: 'DATABASE_UNAVAILABLE' });
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    // Nothing was stored; the respondent's client can send the same answers again.
    expect(await counts(w)).toMatchObject({ responses: 0 });
    expect((await post(body)).status).toBe(200);
  });
});
