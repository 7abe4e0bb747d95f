// Extended creator data for a prefix of the creators: InfluencerProfile with audience shares, and
// InsightIQMapping rows. Idempotent through the unique marketplaceInfluencerId of both tables.
import type pg from 'pg';
import { creator, uniqueSuffix } from './creator.generate';
import { creatorIds } from './creator.insert';
import { type Tally, inTransaction, insertRows } from './db';
import { Random, rngFor } from './random';
import { AGE_BUCKETS, COUNTRIES, type Platform } from './words';

const AGE_CURVES: Record<Platform, number[]> = {
  TIKTOK: [18, 38, 25, 10, 5, 3, 1],
  INSTAGRAM: [6, 30, 33, 17, 8, 4, 2],
  YOUTUBE: [8, 25, 28, 18, 11, 6, 4],
};
const FEMALE_LEANING: readonly string[] = ['beauty', 'fashion', 'parenting', 'home', 'skincare', 'makeup', 'wedding'];
const MALE_LEANING: readonly string[] = ['gaming', 'sports', 'finance', 'tech', 'esports', 'cars', 'football', 'crypto'];
const COUNTRY_WEIGHTS = COUNTRIES.map(([code, weight]) => [code, weight] as const);
const CHUNK = 2000;

export async function seedProfiles(pool: pg.Pool, count: number, reference: Date, tally: Tally): Promise<void> {
  for (let start = 0; start < count; start += CHUNK) {
    const indices = range(start, Math.min(count, start + CHUNK));
    const ids = await creatorIds(pool, indices);
    await inTransaction(pool, async (client) => {
      const profiles = await insertRows<{ id: string; marketplaceInfluencerId: string }>(client, {
        table: 'InfluencerProfile',
        columns: [
          ['marketplaceInfluencerId', 'uuid'], ['avgLikes', 'int'], ['avgComments', 'int'], ['avgViews', 'int'],
          ['contentCategories', 'text', `string_to_array(t."contentCategories", ',')`], ['score', 'numeric'],
          ['scoreVersion', 'int'], ['scoreInputFollowers', 'int'], ['scoreInputEngagementRate', 'numeric'],
          ['scoreInputAudienceQuality', 'numeric'], ['scoreInputVerified', 'boolean'],
          ['scoreComputedAt', 'timestamp'], ['refreshedAt', 'timestamp'],
        ],
        rows: indices.map((i) => profileRow(i, ids.get(i), reference)),
        conflict: 'ON CONFLICT ("marketplaceInfluencerId") DO NOTHING',
        returning: 'id, "marketplaceInfluencerId"',
      });
      tally.add('InfluencerProfile', profiles.rowCount);
      const indexById = new Map(indices.map((i) => [ids.get(i), i]));
      const ages: unknown[][] = [];
      const genders: unknown[][] = [];
      const countries: unknown[][] = [];
      for (const { id, marketplaceInfluencerId } of profiles.rows) {
        const index = indexById.get(marketplaceInfluencerId) ?? 0;
        const audience = audienceOf(index);
        audience.ages.forEach(([bucket, share]) => ages.push([id, bucket, share]));
        audience.genders.forEach(([gender, share]) => genders.push([id, gender, share]));
        audience.countries.forEach(([code, share]) => countries.push([id, code, share]));
      }
      const tables = [
        ['InfluencerAudienceAge', 'bucket', '"AgeBucket"', ages],
        ['InfluencerAudienceGender', 'gender', '"Gender"', genders],
        ['InfluencerAudienceCountry', 'countryCode', 'text', countries],
      ] as const;
      for (const [table, column, type, rows] of tables) {
        const result = await insertRows(client, {
          table,
          columns: [['profileId', 'uuid'], [column, type], ['share', 'numeric']],
          rows,
        });
        tally.add(table, result.rowCount);
      }
    });
  }
}

function profileRow(index: number, influencerId: string | undefined, reference: Date): unknown[] {
  const c = creator(index);
  const rng = rngFor('profile', index);
  const er = Number(c.engagementRate);
  const avgLikes = Math.round(c.followers * er * rng.float(0.8, 1.1));
  const viewRatio = c.platform === 'TIKTOK' ? rng.float(0.3, 1.5) : c.platform === 'YOUTUBE' ? rng.float(0.1, 0.6) : rng.float(0.15, 0.5);
  const aqs = c.audienceQualityScore === null ? 50 : Number(c.audienceQualityScore);
  // Score version 1: reach, engagement, audience quality and verification, weighted 35/35/20/10.
  const reach = Math.min(100, (Math.log10(c.followers) / Math.log10(50_000_000)) * 100);
  const engagement = Math.min(100, (er / 0.08) * 100);
  const score = 0.35 * reach + 0.35 * engagement + 0.2 * aqs + (c.isVerified ? 10 : 0);
  const refreshed = new Date(reference.getTime() - rng.int(0, 60 * 24) * 3_600_000).toISOString();
  return [
    influencerId, avgLikes, Math.round(avgLikes * rng.float(0.01, 0.06)), Math.round(c.followers * viewRatio),
    c.categories.join(','), Math.min(100, score).toFixed(2), 1, c.followers, c.engagementRate,
    c.audienceQualityScore, c.isVerified, refreshed, refreshed,
  ];
}

interface Audience {
  ages: [string, string][];
  genders: [string, string][];
  countries: [string, string][];
}

/** Shares of each dimension are fractions with six decimals that sum to exactly 1. */
export function audienceOf(index: number): Audience {
  const c = creator(index);
  const rng = rngFor('audience', index);
  const ageWeights = AGE_CURVES[c.platform].map((w) => w * rng.float(0.6, 1.4));
  const lean = c.categories.some((x) => FEMALE_LEANING.includes(x)) ? 0.2 : c.categories.some((x) => MALE_LEANING.includes(x)) ? -0.2 : 0;
  const female = Math.min(0.9, Math.max(0.1, 0.48 + lean + rng.float(-0.12, 0.12)));
  const genderWeights = [female, 1 - female, rng.float(0.01, 0.03), rng.float(0.02, 0.06)];
  const home = c.country ?? 'US';
  const others = pickCountries(rng, home, rng.int(2, 4));
  const countryWeights = [rng.float(0.4, 0.7), ...others.map(() => rng.float(0.05, 0.2))];
  const ages = rng.shares(ageWeights);
  const genders = rng.shares(genderWeights);
  const countries = rng.shares(countryWeights);
  return {
    ages: AGE_BUCKETS.map((b, i) => [b, ages[i] ?? '0']),
    genders: (['FEMALE', 'MALE', 'NON_BINARY', 'UNDISCLOSED'] as const).map((g, i) => [g, genders[i] ?? '0']),
    countries: [home, ...others].map((code, i) => [code, countries[i] ?? '0']),
  };
}

function pickCountries(rng: Random, exclude: string, k: number): string[] {
  const chosen: string[] = [];
  for (let tries = 0; chosen.length < k && tries < 50; tries++) {
    const code = rng.weighted(COUNTRY_WEIGHTS);
    if (code !== exclude && !chosen.includes(code)) chosen.push(code);
  }
  return chosen;
}

const WORK_PLATFORMS: Record<Platform, { id: string; name: string }> = {
  INSTAGRAM: { id: '9bb8913b-ddd9-430b-a66a-d74d846e6c66', name: 'Instagram' },
  YOUTUBE: { id: '14d9ddf5-51c6-415e-bde6-f8ed36ad7054', name: 'YouTube' },
  TIKTOK: { id: 'de55aeec-0dc8-4119-bf90-16b3d1f0c987', name: 'TikTok' },
};

export async function seedInsightIQ(pool: pg.Pool, count: number, reference: Date, tally: Tally): Promise<void> {
  for (let start = 0; start < count; start += CHUNK) {
    const indices = range(start, Math.min(count, start + CHUNK));
    const ids = await creatorIds(pool, indices);
    const result = await insertRows(pool, {
      table: 'InsightIQMapping',
      columns: [
        ['marketplaceInfluencerId', 'uuid'], ['platform', '"Platform"'], ['externalId', 'text'],
        ['insightiqAccountId', 'text'], ['insightiqUserId', 'text'], ['workPlatformId', 'text'],
        ['syncStatus', '"SyncStatus"'], ['lastSyncedAt', 'timestamp'], ['lastError', 'text'], ['rawPayload', 'jsonb'],
      ],
      rows: indices.map((i) => mappingRow(i, ids.get(i), reference)),
    });
    tally.add('InsightIQMapping', result.rowCount);
  }
}

function mappingRow(index: number, influencerId: string | undefined, reference: Date): unknown[] {
  const c = creator(index);
  const rng = rngFor('insightiq', index);
  const suffix = uniqueSuffix(index).padStart(10, '0');
  const externalId = c.platform === 'INSTAGRAM' ? `178414${suffix}` : c.platform === 'TIKTOK' ? `68${suffix}${suffix.slice(0, 7)}` : `UC${hex(rng, 12)}${suffix}`;
  const accountId = uuidLike(rng, index);
  const userId = uuidLike(rng, index);
  const status = rng.weighted([['SYNCED', 85], ['PENDING', 10], ['FAILED', 5]] as const);
  const syncedAt = status === 'PENDING' ? null : new Date(reference.getTime() - rng.int(1, 30 * 24) * 3_600_000).toISOString();
  const error = status === 'FAILED' ? rng.pick(['Account is private', 'Rate limited by work platform (429)', 'Access token expired']) : null;
  const workPlatform = WORK_PLATFORMS[c.platform];
  const payload = {
    id: accountId, user: { id: userId }, work_platform: workPlatform, platform_username: c.username,
    platform_profile_id: externalId, follower_count: c.followers, engagement_rate: Number(c.engagementRate),
    is_verified: c.isVerified, country: c.country,
  };
  return [influencerId, c.platform, externalId, accountId, userId, workPlatform.id, status, syncedAt, error, JSON.stringify(payload)];
}

function hex(rng: Random, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += rng.int(0, 15).toString(16);
  return s;
}

/** UUID-shaped and unique per index: the last group encodes the index. */
function uuidLike(rng: Random, index: number): string {
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${(index * 2 + rng.int(0, 1)).toString(16).padStart(12, '0')}`;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, k) => start + k);
}
