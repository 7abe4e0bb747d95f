import { z } from 'zod';
import { Prisma, type AgeBucket, type Gender, type Platform } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { ValidationError, type FieldIssue } from '../../lib/errors';
import { logger } from '../../lib/logger';
import { requireRole } from '../../lib/tenancy';
import { isUniqueViolation, issuesOf } from '../common/service';
import { computeCreatorScore } from './score';

/**
 * Import of InsightIQ creator profiles (their public profile-analytics shape) into the shared
 * marketplace: MarketplaceInfluencer, InfluencerProfile with its audience shares, and the
 * InsightIQMapping that remembers the external identifiers.
 *
 * Matching, in order: the mapping's (platform, external_id); else an existing creator with the
 * same platform and username, compared case-insensitively (lower(username), the unique index
 * MarketplaceInfluencer_platform_username_ci_key); else a new creator. The creator row is inserted
 * with INSERT ... ON CONFLICT DO NOTHING on that index, so two concurrent imports of the same new
 * creator make one row (the loser waits for the winner's commit, then updates it).
 *
 * Each item runs in its own transaction: a malformed or failing item is reported by its index and
 * the others are stored. Marketplace rows are public (no organizationId, no row-level security),
 * so the import touches no tenant table and needs no tenant scope or RLS bypass.
 *
 * Units: `engagement_rate` and `credibility_score` are fractions 0..1; audience `value`s are
 * percentages 0..100 (InsightIQ's conventions); they are stored as fractions (shares) and as a
 * 0..100 audience-quality score.
 */

export const MAX_IMPORT_BATCH = 100;

const PLATFORMS: Record<string, Platform> = { instagram: 'INSTAGRAM', youtube: 'YOUTUBE', tiktok: 'TIKTOK' };
const AGE_BUCKETS: Record<string, AgeBucket> = {
  '13-17': 'AGE_13_17',
  '18-24': 'AGE_18_24',
  '25-34': 'AGE_25_34',
  '35-44': 'AGE_35_44',
  '45-54': 'AGE_45_54',
  '55-64': 'AGE_55_64',
  '65-': 'AGE_65_PLUS',
  '65+': 'AGE_65_PLUS',
};
const GENDERS: Record<string, Gender> = {
  female: 'FEMALE',
  male: 'MALE',
  other: 'NON_BINARY',
  non_binary: 'NON_BINARY',
  undisclosed: 'UNDISCLOSED',
  unknown: 'UNDISCLOSED',
};

const percent = z.number().min(0).max(100);
const count = z.number().finite().min(0).max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().max(max);
const slug = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');

/** One InsightIQ creator profile. Unknown fields are allowed (and kept in rawPayload). */
export const insightIQProfileSchema = z.looseObject({
  id: text(100).min(1).optional(),
  external_id: text(200).min(1),
  platform_username: text(100)
    .transform((v) => v.replace(/^@/, ''))
    .pipe(z.string().min(1).regex(/^\S+$/, 'must not contain spaces')),
  work_platform: z.looseObject({
    id: text(100).min(1),
    name: z
      .string()
      .refine((v) => v.toLowerCase() in PLATFORMS, 'must be Instagram, YouTube or TikTok')
      .transform((v) => PLATFORMS[v.toLowerCase()]!),
  }),
  account: z.looseObject({ id: text(100).min(1) }).nullish(),
  user: z.looseObject({ id: text(100).min(1) }).nullish(),
  full_name: text(200).nullish(),
  introduction: text(5000).nullish(),
  image_url: z.url({ protocol: /^https?$/ }).max(2000).nullish(),
  follower_count: z.number().int().min(0).max(2_147_483_647),
  engagement_rate: z.number().min(0).max(1),
  is_verified: z.boolean().default(false),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
    .transform((v) => v.toUpperCase())
    .nullish(),
  credibility_score: z.number().min(0).max(1).nullish(),
  average_likes: count.nullish(),
  average_comments: count.nullish(),
  average_views: count.nullish(),
  interests: z
    .array(z.union([text(100), z.looseObject({ name: text(100) })]))
    .max(100)
    .nullish(),
  categories: z.array(text(100)).max(100).nullish(),
  audience: z
    .looseObject({
      countries: z
        .array(z.looseObject({ code: z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'), value: percent }))
        .max(300)
        .nullish(),
      gender_age_distribution: z
        .array(
          z.looseObject({
            gender: z.string().refine((v) => v.toLowerCase() in GENDERS, 'must be FEMALE, MALE, OTHER or UNDISCLOSED'),
            age_range: z.string().refine((v) => v in AGE_BUCKETS, 'must be one of 13-17, 18-24, 25-34, 35-44, 45-54, 55-64, 65-'),
            value: percent,
          }),
        )
        .max(100)
        .nullish(),
    })
    .nullish(),
});

export type InsightIQProfile = z.infer<typeof insightIQProfileSchema>;

export type ImportStatus = 'CREATED' | 'UPDATED' | 'FAILED';
export interface ImportItemResult {
  index: number;
  status: ImportStatus;
  creatorId?: string;
  issues?: FieldIssue[];
}
export interface ImportBatchResult {
  items: ImportItemResult[];
  created: number;
  updated: number;
  failed: number;
}

/** A share in percent, as a fraction with 6 decimals (the column), at most 1. */
const share = (value: number) => Math.min(1, Math.round(value * 10_000) / 1_000_000).toFixed(6);

function sumBy<K extends string>(entries: { key: K; value: number }[]): Map<K, number> {
  const sums = new Map<K, number>();
  for (const { key, value } of entries) sums.set(key, (sums.get(key) ?? 0) + value);
  return sums;
}

/** The rows a valid profile becomes: creator columns, profile columns and audience shares. */
export function mapProfile(profile: InsightIQProfile) {
  const categories = [
    ...new Set(
      [...(profile.categories ?? []), ...(profile.interests ?? []).map((i) => (typeof i === 'string' ? i : i.name))]
        .map(slug)
        .filter((s) => s.length > 0 && s.length <= 50),
    ),
  ].slice(0, 30);
  const audienceQuality = profile.credibility_score == null ? null : Math.round(profile.credibility_score * 10_000) / 100;
  const distribution = profile.audience?.gender_age_distribution ?? null;
  const countries = profile.audience?.countries ?? null;
  return {
    platform: profile.work_platform.name,
    externalId: profile.external_id,
    username: profile.platform_username,
    creator: {
      displayName: profile.full_name || profile.platform_username,
      bio: profile.introduction || null,
      avatarUrl: profile.image_url ?? null,
      followers: profile.follower_count,
      engagementRate: profile.engagement_rate.toFixed(6),
      isVerified: profile.is_verified,
      country: profile.country ?? null,
      categories,
    },
    /** null: the payload has none, the stored value stays. */
    audienceQuality,
    profile: {
      avgLikes: profile.average_likes == null ? null : Math.round(profile.average_likes),
      avgComments: profile.average_comments == null ? null : Math.round(profile.average_comments),
      avgViews: profile.average_views == null ? null : Math.round(profile.average_views),
      contentCategories: categories,
    },
    ages:
      distribution &&
      [...sumBy(distribution.map((d) => ({ key: AGE_BUCKETS[d.age_range]!, value: d.value })))].map(([bucket, v]) => ({
        bucket,
        share: share(v),
      })),
    genders:
      distribution &&
      [...sumBy(distribution.map((d) => ({ key: GENDERS[d.gender.toLowerCase()]!, value: d.value })))].map(([gender, v]) => ({
        gender,
        share: share(v),
      })),
    countries:
      countries &&
      [...sumBy(countries.map((c) => ({ key: c.code.toUpperCase(), value: c.value })))].map(([countryCode, v]) => ({
        countryCode,
        share: share(v),
      })),
    mapping: {
      workPlatformId: profile.work_platform.id,
      insightiqAccountId: profile.account?.id ?? null,
      insightiqUserId: profile.user?.id ?? null,
    },
  };
}

const UNIQUE_TARGETS: Record<string, string> = {
  insightiqAccountId: 'account.id is already mapped to another creator',
  username: 'platform_username is already used by another creator on this platform',
};

function failureIssues(error: unknown): FieldIssue[] | null {
  if (isUniqueViolation(error)) {
    const target = JSON.stringify(error.meta ?? {});
    for (const [field, message] of Object.entries(UNIQUE_TARGETS)) {
      if (target.includes(field)) return [{ path: [field === 'username' ? 'platform_username' : 'account'], message }];
    }
    return [{ path: [], message: 'conflicts with another creator' }];
  }
  // The username index is an expression index: a raw 23505 without a Prisma target.
  if (/23505|unique constraint/i.test(String((error as Error)?.message ?? ''))) {
    return [{ path: ['platform_username'], message: UNIQUE_TARGETS.username! }];
  }
  return null;
}

type Tx = Prisma.TransactionClient;

async function findCreatorByUsername(tx: Tx, platform: Platform, username: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS id FROM "MarketplaceInfluencer"
    WHERE "platform" = ${platform}::"Platform" AND lower("username") = lower(${username})`;
  return rows[0]?.id ?? null;
}

/** Inserts a bare creator row unless one with the username exists; its id when inserted. */
async function insertCreator(tx: Tx, platform: Platform, username: string, displayName: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "MarketplaceInfluencer" ("platform", "username", "displayName", "categories", "updatedAt")
    VALUES (${platform}::"Platform", ${username}, ${displayName}, ARRAY[]::text[], now())
    ON CONFLICT ("platform", lower("username")) DO NOTHING
    RETURNING "id"::text AS id`;
  return rows[0]?.id ?? null;
}

/** Upserts one valid profile in its own transaction. */
export async function upsertInsightIQProfile(
  profile: InsightIQProfile,
  raw: unknown,
  now: Date = new Date(),
): Promise<{ status: 'CREATED' | 'UPDATED'; creatorId: string }> {
  const m = mapProfile(profile);
  return db().$transaction(async (tx) => {
    let status: 'CREATED' | 'UPDATED' = 'UPDATED';
    const mapped = await tx.insightIQMapping.findUnique({
      where: { platform_externalId: { platform: m.platform, externalId: m.externalId } },
      select: { marketplaceInfluencerId: true },
    });
    let creatorId = mapped?.marketplaceInfluencerId ?? (await findCreatorByUsername(tx, m.platform, m.username));
    if (!creatorId) {
      creatorId = await insertCreator(tx, m.platform, m.username, m.creator.displayName);
      if (creatorId) status = 'CREATED';
      // Lost a race with a concurrent import of the same creator: it has committed by now.
      else creatorId = await findCreatorByUsername(tx, m.platform, m.username);
      if (!creatorId) throw new Error('creator vanished during import');
    }

    // The score uses the audience quality the row has after this update: the payload's, or the
    // one stored before when the payload has none.
    const updated = await tx.marketplaceInfluencer.update({
      where: { id: creatorId },
      data: {
        ...m.creator,
        username: m.username,
        ...(m.audienceQuality == null ? {} : { audienceQualityScore: m.audienceQuality.toFixed(2) }),
      },
      select: { audienceQualityScore: true },
    });
    const scored = computeCreatorScore({
      verified: m.creator.isVerified,
      audienceQuality: updated.audienceQualityScore == null ? null : Number(updated.audienceQualityScore),
      engagementRate: profile.engagement_rate,
      followers: m.creator.followers,
    });

    const profileData = {
      ...m.profile,
      score: scored.score.toFixed(2),
      scoreVersion: scored.version,
      scoreInputFollowers: scored.inputs.followers,
      scoreInputEngagementRate: scored.inputs.engagementRate.toFixed(6),
      scoreInputAudienceQuality: scored.inputs.audienceQuality == null ? null : scored.inputs.audienceQuality.toFixed(2),
      scoreInputVerified: scored.inputs.verified,
      scoreComputedAt: now,
      refreshedAt: now,
    };
    const stored = await tx.influencerProfile.upsert({
      where: { marketplaceInfluencerId: creatorId },
      create: { marketplaceInfluencerId: creatorId, ...profileData },
      update: profileData,
      select: { id: true },
    });
    const profileId = stored.id;
    // Shares are replaced as a whole, in this transaction: readers never see a mix.
    if (m.ages) {
      await tx.influencerAudienceAge.deleteMany({ where: { profileId } });
      await tx.influencerAudienceAge.createMany({ data: m.ages.map((a) => ({ profileId, ...a })) });
    }
    if (m.genders) {
      await tx.influencerAudienceGender.deleteMany({ where: { profileId } });
      await tx.influencerAudienceGender.createMany({ data: m.genders.map((g) => ({ profileId, ...g })) });
    }
    if (m.countries) {
      await tx.influencerAudienceCountry.deleteMany({ where: { profileId } });
      await tx.influencerAudienceCountry.createMany({ data: m.countries.map((c) => ({ profileId, ...c })) });
    }

    const mappingData = {
      platform: m.platform,
      externalId: m.externalId,
      ...m.mapping,
      syncStatus: 'SYNCED' as const,
      lastSyncedAt: now,
      lastError: null,
      rawPayload: raw as Prisma.InputJsonValue,
    };
    // One mapping per creator: a creator matched by username takes the new external id.
    await tx.insightIQMapping.upsert({
      where: { marketplaceInfluencerId: creatorId },
      create: { marketplaceInfluencerId: creatorId, ...mappingData },
      update: mappingData,
    });
    return { status, creatorId };
  });
}

/**
 * Validates and stores every item independently; the result lists each by its index. Items that
 * fail to validate or to store are FAILED with their issues; the others are stored.
 */
export async function importInsightIQPayloads(items: unknown[]): Promise<ImportBatchResult> {
  const results: ImportItemResult[] = [];
  for (const [index, raw] of items.entries()) {
    const parsed = insightIQProfileSchema.safeParse(raw);
    if (!parsed.success) {
      results.push({ index, status: 'FAILED', issues: issuesOf(parsed.error, []) });
      continue;
    }
    try {
      const { status, creatorId } = await upsertInsightIQProfile(parsed.data, raw);
      results.push({ index, status, creatorId });
    } catch (error) {
      const issues = failureIssues(error);
      if (!issues) {
        logger.error({ err: error, index }, 'insightiq import item failed');
        results.push({ index, status: 'FAILED', issues: [{ path: [], message: 'could not be stored' }] });
      } else {
        results.push({ index, status: 'FAILED', issues });
      }
    }
  }
  return {
    items: results,
    created: results.filter((r) => r.status === 'CREATED').length,
    updated: results.filter((r) => r.status === 'UPDATED').length,
    failed: results.filter((r) => r.status === 'FAILED').length,
  };
}

/** The admin mutation: an organization ADMIN imports up to MAX_IMPORT_BATCH profiles. */
export async function importInsightIQProfiles(viewer: Viewer | null, input: { profiles: unknown[] }): Promise<ImportBatchResult> {
  requireRole(viewer, 'ADMIN');
  const profiles = input.profiles ?? [];
  if (profiles.length === 0 || profiles.length > MAX_IMPORT_BATCH) {
    throw new ValidationError('Invalid import', [
      { path: ['input', 'profiles'], message: `must hold 1 to ${MAX_IMPORT_BATCH} profiles` },
    ]);
  }
  const result = await importInsightIQPayloads(profiles);
  logger.info({ userId: viewer.userId, organizationId: viewer.organizationId, created: result.created, updated: result.updated, failed: result.failed }, 'insightiq import');
  return result;
}
