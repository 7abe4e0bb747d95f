import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createYoga } from 'graphql-yoga';
import { db } from '../../lib/db/client';
import { schema } from '../../schema';
import { TestClient } from '../../../test/client';
import { createMarketplaceInfluencer, createMember, createOrganization } from '../../../test/factories';
import { importInsightIQPayloads, insightIQProfileSchema, MAX_IMPORT_BATCH } from './insightiq.import';
import { INSIGHTIQ_WEBHOOK_PATH, insightIQWebhookPlugin, signInsightIQBody } from './insightiq.route';
import { computeCreatorScore } from './score';

type Payload = Record<string, unknown> & { external_id: string; platform_username: string };

const FIXTURES = join(process.cwd(), 'test/fixtures/insightiq');
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Payload;

/** A fixture with its own external id and username, so tests never share creators. */
function fresh(name: string, over: Record<string, unknown> = {}): Payload {
  const key = randomBytes(4).toString('hex');
  const p = fixture(name);
  const account = p.account as { id: string } | undefined;
  return {
    ...p,
    external_id: `${p.external_id}-${key}`,
    platform_username: `${p.platform_username}_${key}`,
    ...(account ? { account: { id: `${account.id}_${key}` } } : {}),
    ...over,
  };
}

const creatorsNamed = (username: string) =>
  db().$queryRaw<{ id: string }[]>`SELECT "id"::text AS id FROM "MarketplaceInfluencer" WHERE lower("username") = lower(${username})`;

const realFetch = globalThis.fetch;
beforeAll(() => {
  // No network: the import must never call InsightIQ (or anything else).
  globalThis.fetch = (() => {
    throw new Error('network access in a test');
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

describe('InsightIQ fixtures', () => {
  it('are realistic payloads that pass the schema', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(5);
    for (const file of fixtureFiles) {
      const result = insightIQProfileSchema.safeParse(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')));
      expect({ file, ok: result.success, issues: result.success ? [] : result.error.issues }).toEqual({ file, ok: true, issues: [] });
    }
  });
});

describe('InsightIQ import', () => {
  it('stores creator, profile, score, audience shares and mapping', async () => {
    const payload = fresh('instagram-lena-fit');
    const { items } = await importInsightIQPayloads([payload]);
    expect(items).toEqual([{ index: 0, status: 'CREATED', creatorId: expect.any(String) }]);
    const creator = await db().marketplaceInfluencer.findUniqueOrThrow({
      where: { id: items[0]!.creatorId! },
      include: {
        insightIQ: true,
        profile: { include: { audienceAges: { orderBy: { bucket: 'asc' } }, audienceGenders: { orderBy: { gender: 'asc' } }, audienceCountries: { orderBy: { countryCode: 'asc' } } } },
      },
    });
    expect(creator).toMatchObject({
      platform: 'INSTAGRAM',
      username: payload.platform_username,
      displayName: 'Lena Hoffmann',
      followers: 482300,
      isVerified: true,
      country: 'DE',
      categories: ['fitness', 'food', 'fitness-and-gym', 'healthy-lifestyle'],
    });
    expect(creator.engagementRate.toFixed(4)).toBe('0.0412');
    expect(creator.audienceQualityScore?.toFixed(2)).toBe('87.00');
    const expected = computeCreatorScore({ verified: true, audienceQuality: 87, engagementRate: 0.0412, followers: 482300 });
    expect(creator.profile).toMatchObject({ avgLikes: 18650, avgComments: 412, avgViews: 96400, scoreVersion: 1, scoreInputFollowers: 482300, scoreInputVerified: true });
    expect(creator.profile!.score!.toFixed(2)).toBe(expected.score.toFixed(2));
    expect(creator.profile!.scoreInputAudienceQuality!.toFixed(2)).toBe('87.00');
    expect(creator.profile!.scoreInputEngagementRate!.toFixed(6)).toBe('0.041200');
    expect(creator.profile!.scoreComputedAt).toBeInstanceOf(Date);
    expect(creator.profile!.audienceCountries.map((c) => [c.countryCode, c.share.toFixed(6)])).toEqual([
      ['AT', '0.124000'],
      ['CH', '0.081000'],
      ['DE', '0.612000'],
    ]);
    expect(creator.profile!.audienceAges.map((a) => [a.bucket, a.share.toFixed(3)])).toEqual([
      ['AGE_18_24', '0.328'],
      ['AGE_25_34', '0.530'],
      ['AGE_35_44', '0.142'],
    ]);
    expect(creator.profile!.audienceGenders.map((g) => [g.gender, g.share.toFixed(3)])).toEqual([
      ['FEMALE', '0.720'],
      ['MALE', '0.280'],
    ]);
    expect(creator.insightIQ).toMatchObject({
      platform: 'INSTAGRAM',
      externalId: payload.external_id,
      workPlatformId: '9bb8913b-ddd9-430b-a66a-d74d846e6c66',
      insightiqUserId: 'usr_77a0c2d5b3',
      syncStatus: 'SYNCED',
    });
    expect(creator.insightIQ!.lastSyncedAt).toBeInstanceOf(Date);
    expect(creator.insightIQ!.rawPayload).toEqual(payload);
  });

  it('is idempotent: the same payload twice is one creator, UPDATED the second time', async () => {
    const payload = fresh('youtube-pixel-forge');
    const first = await importInsightIQPayloads([payload]);
    const second = await importInsightIQPayloads([payload]);
    expect(first.items[0]).toMatchObject({ status: 'CREATED' });
    expect(second.items[0]).toEqual({ index: 0, status: 'UPDATED', creatorId: first.items[0]!.creatorId });
    expect(await creatorsNamed(payload.platform_username)).toHaveLength(1);
    expect(await db().insightIQMapping.count({ where: { externalId: payload.external_id } })).toBe(1);
    expect(await db().influencerProfile.count({ where: { marketplaceInfluencerId: first.items[0]!.creatorId! } })).toBe(1);
  });

  it('matches by external id even after a rename, and replaces the audience shares', async () => {
    const payload = fresh('tiktok-mika-moves');
    const { items } = await importInsightIQPayloads([payload]);
    const renamed = {
      ...payload,
      platform_username: `${payload.platform_username}_new`,
      follower_count: 1_400_000,
      audience: { countries: [{ code: 'us', value: 100 }], gender_age_distribution: [{ gender: 'female', age_range: '25-34', value: 100 }] },
    };
    const again = await importInsightIQPayloads([renamed]);
    expect(again.items[0]).toEqual({ index: 0, status: 'UPDATED', creatorId: items[0]!.creatorId });
    const creator = await db().marketplaceInfluencer.findUniqueOrThrow({
      where: { id: items[0]!.creatorId! },
      include: { profile: { include: { audienceAges: true, audienceGenders: true, audienceCountries: true } } },
    });
    expect(creator).toMatchObject({ username: renamed.platform_username, followers: 1_400_000 });
    expect(creator.profile!.audienceCountries.map((c) => [c.countryCode, c.share.toFixed(2)])).toEqual([['US', '1.00']]);
    expect(creator.profile!.audienceAges.map((a) => a.bucket)).toEqual(['AGE_25_34']);
    expect(creator.profile!.audienceGenders.map((g) => g.gender)).toEqual(['FEMALE']);
  });

  it('matches an existing creator by username, case-insensitively', async () => {
    const key = randomBytes(4).toString('hex');
    const existing = await createMarketplaceInfluencer({ platform: 'YOUTUBE', username: `chefamara_${key}`, followers: 10 });
    const payload = fresh('youtube-chef-amara', { platform_username: `ChefAmara_${key.toUpperCase()}` });
    const { items } = await importInsightIQPayloads([payload]);
    expect(items[0]).toEqual({ index: 0, status: 'UPDATED', creatorId: existing.id });
    expect(await creatorsNamed(payload.platform_username)).toHaveLength(1);
    const after = await db().marketplaceInfluencer.findUniqueOrThrow({ where: { id: existing.id }, include: { insightIQ: true, profile: true } });
    expect(after).toMatchObject({ followers: 356000, username: payload.platform_username, displayName: 'Amara Okafor' });
    expect(after.insightIQ).toMatchObject({ externalId: payload.external_id, syncStatus: 'SYNCED' });
    // No credibility in the payload: audience quality unknown, scored as neutral.
    expect(after.profile).toMatchObject({ scoreInputAudienceQuality: null, scoreVersion: 1 });
    // The same platform only: an Instagram account with that name is another creator.
    const other = await importInsightIQPayloads([fresh('instagram-casa-verde', { platform_username: payload.platform_username })]);
    expect(other.items[0]).toMatchObject({ status: 'CREATED' });
    expect(other.items[0]!.creatorId).not.toBe(existing.id);
  });

  it('scores with the stored audience quality when the payload has none', async () => {
    const key = randomBytes(4).toString('hex');
    const existing = await createMarketplaceInfluencer({
      platform: 'YOUTUBE',
      username: `chefamara_${key}`,
      followers: 10,
      audienceQualityScore: '72.50',
    });
    await importInsightIQPayloads([fresh('youtube-chef-amara', { platform_username: `chefamara_${key}` })]);
    const after = await db().marketplaceInfluencer.findUniqueOrThrow({ where: { id: existing.id }, include: { profile: true } });
    expect(after.audienceQualityScore?.toFixed(2)).toBe('72.50');
    const expected = computeCreatorScore({ verified: false, audienceQuality: 72.5, engagementRate: 0.0389, followers: 356000 });
    expect(after.profile!.scoreInputAudienceQuality?.toFixed(2)).toBe('72.50');
    expect(after.profile!.score?.toFixed(2)).toBe(expected.score.toFixed(2));
  });

  it('reports malformed items by index and stores the valid ones', async () => {
    const good1 = fresh('instagram-casa-verde');
    const good2 = fresh('youtube-chef-amara');
    const badPlatform = fresh('tiktok-mika-moves', { work_platform: { id: 'x', name: 'MySpace' } });
    const { follower_count: _omit, ...noFollowers } = fresh('instagram-lena-fit');
    const result = await importInsightIQPayloads([good1, badPlatform, 'not an object', noFollowers, good2, { ...fresh('youtube-pixel-forge'), engagement_rate: 4.2 }]);
    expect(result.items.map((i) => [i.index, i.status])).toEqual([
      [0, 'CREATED'],
      [1, 'FAILED'],
      [2, 'FAILED'],
      [3, 'FAILED'],
      [4, 'CREATED'],
      [5, 'FAILED'],
    ]);
    expect(result).toMatchObject({ created: 2, updated: 0, failed: 4 });
    expect(result.items[1]!.issues).toEqual([{ path: ['work_platform', 'name'], message: 'must be Instagram, YouTube or TikTok' }]);
    expect(result.items[3]!.issues!.map((i) => i.path)).toEqual([['follower_count']]);
    expect(result.items[5]!.issues!.map((i) => i.path)).toEqual([['engagement_rate']]);
    expect(await creatorsNamed(good1.platform_username)).toHaveLength(1);
    expect(await creatorsNamed(good2.platform_username)).toHaveLength(1);
    expect(await creatorsNamed(badPlatform.platform_username)).toHaveLength(0);
    expect(await creatorsNamed(noFollowers.platform_username)).toHaveLength(0);
  });

  it('reports an item that conflicts with another creator and keeps the batch going', async () => {
    const a = fresh('instagram-lena-fit');
    const b = fresh('instagram-casa-verde');
    await importInsightIQPayloads([a, b]);
    // b renamed to a's username: the username belongs to another creator.
    const result = await importInsightIQPayloads([{ ...b, platform_username: a.platform_username.toUpperCase() }, fresh('youtube-chef-amara')]);
    expect(result.items[0]).toMatchObject({ index: 0, status: 'FAILED', issues: [{ path: ['platform_username'] }] });
    expect(result.items[1]).toMatchObject({ index: 1, status: 'CREATED' });
    expect(await creatorsNamed(b.platform_username)).toHaveLength(1);
  });

  it('never creates duplicates when the same new creator is imported concurrently', async () => {
    const payload = fresh('tiktok-mika-moves');
    const results = await Promise.all([1, 2, 3].map(() => importInsightIQPayloads([payload])));
    const statuses = results.map((r) => r.items[0]!.status).sort();
    expect(statuses).toEqual(['CREATED', 'UPDATED', 'UPDATED']);
    expect(new Set(results.map((r) => r.items[0]!.creatorId)).size).toBe(1);
    expect(await creatorsNamed(payload.platform_username)).toHaveLength(1);
  });
});

const MUTATION = `mutation($input: ImportInsightIQProfilesInput!) {
  importInsightIQProfiles(input: $input) {
    __typename
    ... on ImportInsightIQProfilesSuccess { result { created updated failed items { index status creatorId issues { path message } } } }
    ... on Error { code }
  }
}`;

describe('importInsightIQProfiles mutation', () => {
  let orgId: string;
  beforeAll(async () => {
    orgId = (await createOrganization()).id;
  });

  it('lets an organization ADMIN import a batch with per-item results', async () => {
    const { viewer } = await createMember(orgId, 'ADMIN');
    const good = fresh('instagram-lena-fit');
    const r = await new TestClient(viewer).request(MUTATION, { input: { profiles: [good, { external_id: 'x' }] } });
    expect(r.errors).toBeUndefined();
    const payload = (r.data as { importInsightIQProfiles: { result: { created: number; failed: number; items: { status: string; creatorId: string | null }[] } } }).importInsightIQProfiles;
    expect(payload.result).toMatchObject({ created: 1, failed: 1 });
    expect(payload.result.items[0]!.creatorId).toEqual(expect.any(String));
    expect(payload.result.items[1]).toMatchObject({ status: 'FAILED', creatorId: null });
    const node = await new TestClient(null).data<{ node: { username: string } }>(
      `query($id: ID!) { node(id: $id) { ... on MarketplaceInfluencer { username } } }`,
      { id: payload.result.items[0]!.creatorId },
    );
    expect(node.node.username).toBe(good.platform_username);
  });

  it('refuses MEMBERs and VIEWERs, and stores nothing', async () => {
    for (const role of ['MEMBER', 'VIEWER'] as const) {
      const { viewer } = await createMember(orgId, role);
      const good = fresh('youtube-chef-amara');
      const r = await new TestClient(viewer).request(MUTATION, { input: { profiles: [good] } });
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
      expect(await creatorsNamed(good.platform_username)).toHaveLength(0);
    }
    const anonymous = await new TestClient(null).request(MUTATION, { input: { profiles: [fresh('youtube-chef-amara')] } });
    expect(anonymous.errors?.length).toBeGreaterThan(0);
  });

  it('refuses empty and oversized batches as a ValidationError', async () => {
    const { viewer } = await createMember(orgId, 'ADMIN');
    const client = new TestClient(viewer);
    for (const profiles of [[], Array.from({ length: MAX_IMPORT_BATCH + 1 }, () => ({}))]) {
      const r = await client.request(MUTATION, { input: { profiles } });
      expect(r.data).toEqual({ importInsightIQProfiles: { __typename: 'ValidationError', code: 'BAD_USER_INPUT' } });
    }
  });
});

describe('POST /webhooks/insightiq', () => {
  const secret = 'test-insightiq-secret-0123456789';
  const app = createYoga({ schema, plugins: [insightIQWebhookPlugin({ secret })], logging: false });
  const post = (body: string, headers: Record<string, string> = {}) =>
    app.fetch(new URL(INSIGHTIQ_WEBHOOK_PATH, 'http://localhost'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const signed = (body: string) => post(body, { 'x-insightiq-signature': signInsightIQBody(body, secret) });

  it('stores the events of a correctly signed delivery', async () => {
    const a = fresh('instagram-casa-verde');
    const b = fresh('youtube-pixel-forge');
    const body = JSON.stringify({ events: [a, { event: 'PROFILES.UPDATED', data: b }, { external_id: 'broken' }] });
    const res = await signed(body);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { items: { index: number; status: string }[] };
    expect(json.items.map((i) => [i.index, i.status])).toEqual([
      [0, 'CREATED'],
      [1, 'CREATED'],
      [2, 'FAILED'],
    ]);
    expect(await creatorsNamed(a.platform_username)).toHaveLength(1);
    // A redelivery updates, never duplicates.
    const again = await signed(body);
    expect(((await again.json()) as { updated: number }).updated).toBe(2);
    expect(await creatorsNamed(b.platform_username)).toHaveLength(1);
  });

  it('accepts a single profile as the body', async () => {
    const p = fresh('tiktok-mika-moves');
    const res = await signed(JSON.stringify(p));
    expect(res.status).toBe(200);
    expect(await creatorsNamed(p.platform_username)).toHaveLength(1);
  });

  it('refuses a missing, malformed or wrong signature with 401 and stores nothing', async () => {
    const p = fresh('instagram-lena-fit');
    const body = JSON.stringify({ events: [p] });
    const wrongSecret = signInsightIQBody(body, 'another-secret-0123456789');
    const tampered = signInsightIQBody(JSON.stringify({ events: [{ ...p, follower_count: 1 }] }), secret);
    for (const headers of [
      {} as Record<string, string>,
      { 'x-insightiq-signature': '' },
      { 'x-insightiq-signature': 'sha256=zz' },
      { 'x-insightiq-signature': signInsightIQBody(body, secret).replace('sha256=', 'sha1=') },
      { 'x-insightiq-signature': signInsightIQBody(body, secret).slice(0, -2) },
      { 'x-insightiq-signature': wrongSecret },
      { 'x-insightiq-signature': tampered },
    ]) {
      const res = await post(body, headers);
      expect(res.status).toBe(401);
    }
    expect(await creatorsNamed(p.platform_username)).toHaveLength(0);
  });

  it('answers 400 to unusable bodies, 405 to other methods and 413 above 1 MB', async () => {
    expect((await signed('not json')).status).toBe(400);
    expect((await signed('[1,2]')).status).toBe(400);
    expect((await signed(JSON.stringify({ events: 'x' }))).status).toBe(400);
    const tooMany = JSON.stringify({ events: Array.from({ length: MAX_IMPORT_BATCH + 1 }, () => ({})) });
    expect((await signed(tooMany)).status).toBe(400);
    expect((await app.fetch(new URL(INSIGHTIQ_WEBHOOK_PATH, 'http://localhost'), { method: 'GET' })).status).toBe(405);
    const big = JSON.stringify({ events: [{ padding: 'x'.repeat(1024 * 1024) }] });
    expect((await signed(big)).status).toBe(413);
  });

  it('answers 503 when no secret is configured', async () => {
    const unset = createYoga({ schema, plugins: [insightIQWebhookPlugin({ secret: undefined })], logging: false });
    const body = JSON.stringify(fresh('instagram-lena-fit'));
    const res = await unset.fetch(new URL(INSIGHTIQ_WEBHOOK_PATH, 'http://localhost'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-insightiq-signature': signInsightIQBody(body, secret) },
      body,
    });
    expect(res.status).toBe(503);
    // The app itself (no INSIGHTIQ_WEBHOOK_SECRET in the test environment) routes the path too.
    const fromApp = await new TestClient(null).fetch(INSIGHTIQ_WEBHOOK_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(fromApp.status).toBe(503);
  });
});
