/**
 * The creator score: one number from 0 to 100 that ranks creators by how useful a collaboration
 * is likely to be. It is versioned: a stored score always carries the version of the formula and
 * the inputs it came from (InfluencerProfile.score, scoreVersion, scoreInput*, scoreComputedAt),
 * so a change of formula is a new version, and old scores can be recognised and recomputed.
 *
 * Version 1 (SCORE_VERSION = 1) adds four parts, 100 points in all:
 *
 *   verification       10 points when the account is verified, else 0.
 *   audience quality   40 × quality / 100, quality being the 0..100 audience-quality score
 *                      (InsightIQ's credibility). Unknown quality counts as 50 (neutral).
 *   engagement rate    25 × min(rate / 0.10, 1): linear up to a 10 % engagement rate, flat above.
 *   followers          25 × clamp((log10(followers) − 3) / 4, 0, 1): log-scaled, 0 points up
 *                      to 1,000 followers, 25 points from 10,000,000; each tenfold growth in
 *                      between is worth 6.25 points.
 *
 * Inputs are clamped to their ranges first (followers ≥ 0, rate 0..1, quality 0..100) and the
 * clamped values are the ones returned and stored. The result is rounded to 2 decimals (the
 * column is DECIMAL(5,2)). The function is pure: no clock, no I/O.
 */
export const SCORE_VERSION = 1;

export const SCORE_WEIGHTS = { verified: 10, audienceQuality: 40, engagement: 25, followers: 25 } as const;
/** Engagement rate (fraction) at which the engagement part is full. */
export const ENGAGEMENT_SATURATION = 0.1;
/** log10 of the follower counts where the followers part starts and is full. */
export const FOLLOWERS_LOG10_MIN = 3;
export const FOLLOWERS_LOG10_MAX = 7;
/** Audience quality assumed when it is unknown. */
export const NEUTRAL_AUDIENCE_QUALITY = 50;

export interface ScoreInputs {
  verified: boolean;
  /** 0..100; null when unknown. */
  audienceQuality: number | null;
  /** Fraction 0..1. */
  engagementRate: number;
  followers: number;
}

export interface CreatorScore {
  /** 0..100, 2 decimals. */
  score: number;
  version: number;
  /** The inputs after clamping: what the score was computed from. */
  inputs: ScoreInputs;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const finiteOr = (value: number, fallback: number) => (Number.isFinite(value) ? value : fallback);

export function computeCreatorScore(raw: ScoreInputs): CreatorScore {
  const inputs: ScoreInputs = {
    verified: raw.verified === true,
    audienceQuality: raw.audienceQuality == null ? null : clamp(finiteOr(raw.audienceQuality, 0), 0, 100),
    engagementRate: clamp(finiteOr(raw.engagementRate, 0), 0, 1),
    followers: Math.floor(clamp(finiteOr(raw.followers, 0), 0, Number.MAX_SAFE_INTEGER)),
  };
  const quality = inputs.audienceQuality ?? NEUTRAL_AUDIENCE_QUALITY;
  const followersPart =
    inputs.followers <= 0
      ? 0
      : clamp((Math.log10(inputs.followers) - FOLLOWERS_LOG10_MIN) / (FOLLOWERS_LOG10_MAX - FOLLOWERS_LOG10_MIN), 0, 1);
  const total =
    (inputs.verified ? SCORE_WEIGHTS.verified : 0) +
    (SCORE_WEIGHTS.audienceQuality * quality) / 100 +
    SCORE_WEIGHTS.engagement * Math.min(inputs.engagementRate / ENGAGEMENT_SATURATION, 1) +
    SCORE_WEIGHTS.followers * followersPart;
  const score = clamp(Math.round(total * 100) / 100, 0, 100);
  return { score, version: SCORE_VERSION, inputs };
}
