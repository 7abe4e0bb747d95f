import { describe, expect, it } from '@jest/globals';
import { computeCreatorScore, SCORE_VERSION, type ScoreInputs } from './score';

const base: ScoreInputs = { verified: false, audienceQuality: 50, engagementRate: 0.03, followers: 50_000 };
const score = (over: Partial<ScoreInputs>) => computeCreatorScore({ ...base, ...over }).score;

describe('creator score (version 1)', () => {
  it('is versioned and returns the inputs it used', () => {
    const result = computeCreatorScore(base);
    expect(result.version).toBe(SCORE_VERSION);
    expect(SCORE_VERSION).toBe(1);
    expect(result.inputs).toEqual(base);
  });

  it('gives exact values for known inputs', () => {
    expect(computeCreatorScore({ verified: false, audienceQuality: 0, engagementRate: 0, followers: 0 }).score).toBe(0);
    expect(computeCreatorScore({ verified: true, audienceQuality: 100, engagementRate: 0.1, followers: 10_000_000 }).score).toBe(100);
    // 10 + 40·0.8 + 25·0.5 + 25·(5−3)/4 = 10 + 32 + 12.5 + 12.5
    expect(computeCreatorScore({ verified: true, audienceQuality: 80, engagementRate: 0.05, followers: 100_000 }).score).toBe(67);
    // Unknown quality counts as 50: 0 + 20 + 25·0.3 + 25·(log10(50,000)−3)/4 = 20 + 7.5 + 10.623...
    expect(computeCreatorScore({ verified: false, audienceQuality: null, engagementRate: 0.03, followers: 50_000 }).score).toBe(38.12);
    // Up to 1,000 followers the followers part is 0.
    expect(computeCreatorScore({ verified: false, audienceQuality: 0, engagementRate: 0, followers: 1_000 }).score).toBe(0);
  });

  it('stays within 0..100 and clamps out-of-range inputs', () => {
    const high = computeCreatorScore({ verified: true, audienceQuality: 500, engagementRate: 7, followers: 1e12 });
    expect(high.score).toBe(100);
    expect(high.inputs).toEqual({ verified: true, audienceQuality: 100, engagementRate: 1, followers: 1e12 });
    const low = computeCreatorScore({ verified: false, audienceQuality: -3, engagementRate: -1, followers: -10 });
    expect(low.score).toBe(0);
    expect(low.inputs).toEqual({ verified: false, audienceQuality: 0, engagementRate: 0, followers: 0 });
    expect(computeCreatorScore({ verified: false, audienceQuality: Number.NaN, engagementRate: Number.NaN, followers: Number.NaN }).score).toBe(0);
    for (let i = 0; i < 200; i++) {
      const s = computeCreatorScore({
        verified: i % 2 === 0,
        audienceQuality: (i * 37) % 101,
        engagementRate: ((i * 13) % 100) / 400,
        followers: Math.floor(10 ** ((i % 9) + (i % 7) / 7)),
      }).score;
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(100);
      expect(Number.isInteger(Math.round(s * 100))).toBe(true);
    }
  });

  it('never decreases when any input improves', () => {
    expect(score({ verified: true })).toBeGreaterThan(score({ verified: false }));
    const qualities = [0, 10, 35, 50, 80, 100].map((q) => score({ audienceQuality: q }));
    const rates = [0, 0.001, 0.02, 0.05, 0.1, 0.2, 1].map((r) => score({ engagementRate: r }));
    const followers = [0, 500, 1_000, 5_000, 50_000, 1_000_000, 10_000_000, 500_000_000].map((f) => score({ followers: f }));
    for (const series of [qualities, rates, followers]) {
      for (let i = 1; i < series.length; i++) expect(series[i]!).toBeGreaterThanOrEqual(series[i - 1]!);
    }
    // Strictly increasing inside the scaled ranges, flat beyond saturation.
    expect(score({ followers: 100_000 })).toBeGreaterThan(score({ followers: 10_000 }));
    expect(score({ engagementRate: 0.2 })).toBe(score({ engagementRate: 0.1 }));
    expect(score({ followers: 50_000_000 })).toBe(score({ followers: 10_000_000 }));
  });
});
