// Marketplace creators as a pure function of their index: creator(i) never depends on how many
// creators are seeded, so a smaller scale's creators are a prefix of a larger one's.
import { Random, rngFor } from './random';
import { BIO_CLOSERS, BIO_TRAITS, NICHES, type Niche } from './niches';
import { COUNTRIES, FIRST_NAMES, LAST_NAMES, type Platform } from './words';

export interface Creator {
  index: number;
  platform: Platform;
  username: string;
  displayName: string;
  bio: string;
  avatarUrl: string;
  followers: number;
  /** Fraction 0..1, six decimals. */
  engagementRate: string;
  isVerified: boolean;
  country: string | null;
  /** Primary niche first, then 0 to 2 secondary ones. */
  categories: string[];
  audienceQualityScore: string | null;
  /** Seconds before the reference day the account joined the marketplace. */
  ageSeconds: number;
}

const PLATFORM_WEIGHTS: readonly (readonly [Platform, number])[] = [['INSTAGRAM', 45], ['TIKTOK', 35], ['YOUTUBE', 20]];
const COUNTRY_WEIGHTS = COUNTRIES.map(([code, weight]) => [code, weight] as const);
const MIN_FOLLOWERS = 1_000;
const MAX_FOLLOWERS = 50_000_000;
const NICHE_WEIGHTS = NICHES.map((niche) => [niche, niche.weight] as const);
/** How many secondary niches a creator lists: most list none or one. */
const SECONDARY_COUNTS = [[0, 50], [1, 35], [2, 15]] as const;

export function creator(index: number): Creator {
  const rng = rngFor('creator', index);
  const platform = rng.weighted(PLATFORM_WEIGHTS);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const niches = pickNiches(rng);
  const content = niches[0]!;
  const primary = content.slug;
  const categories = niches.map((niche) => niche.slug);

  // Log-distributed and skewed toward small accounts, as real creator populations are.
  const logSpan = Math.log10(MAX_FOLLOWERS / MIN_FOLLOWERS);
  const followers = Math.round(MIN_FOLLOWERS * 10 ** (logSpan * rng.float() ** 2.5));
  const sizeDecades = Math.log10(followers / MIN_FOLLOWERS);
  const er = Math.exp(rng.normal(Math.log(0.045) - 0.3 * sizeDecades + (platform === 'TIKTOK' ? 0.3 : 0), 0.55));
  const verifiedOdds = followers >= 1_000_000 ? 0.4 : followers >= 100_000 ? 0.1 : 0.02;
  const country = rng.chance(0.03) ? null : rng.weighted(COUNTRY_WEIGHTS);
  const cities = COUNTRIES.find(([code]) => code === country)?.[2];
  const username = `${usernameBase(rng, first, last, content.handle)}_${uniqueSuffix(index)}`;

  return {
    index,
    platform,
    username,
    displayName: displayName(rng, platform, first, last, primary, content.channel),
    bio: [
      `${rng.pick(content.lines)}.`,
      categories.length > 1 ? `Also: ${categories.slice(1).join(' & ')}.` : '',
      rng.chance(0.5) ? rng.pick(BIO_TRAITS) : '',
      cities ? `Based in ${rng.pick(cities)}.` : '',
      rng.pick(BIO_CLOSERS),
    ].filter(Boolean).join(' '),
    avatarUrl: `https://cdn.example.com/avatars/${platform.toLowerCase()}/${username}.jpg`,
    followers,
    engagementRate: Math.min(0.15, Math.max(0.001, er)).toFixed(6),
    isVerified: rng.chance(verifiedOdds),
    country,
    categories,
    audienceQualityScore: rng.chance(0.05)
      ? null
      : Math.min(99.5, Math.max(5, 100 - Math.abs(rng.normal(22, 16)))).toFixed(2),
    ageSeconds: rng.int(3600, 1500 * 86_400),
  };
}

/** The primary niche by weight, then distinct secondary niches by weight (bounded draws). */
function pickNiches(rng: Random): Niche[] {
  const picked = [rng.weighted(NICHE_WEIGHTS)];
  const wanted = 1 + rng.weighted(SECONDARY_COUNTS);
  for (let draw = 0; draw < 8 && picked.length < wanted; draw++) {
    const niche = rng.weighted(NICHE_WEIGHTS);
    if (!picked.includes(niche)) picked.push(niche);
  }
  return picked;
}

/** Letters and dots only, so the `_` before the unique suffix cannot be confused with the base. */
function usernameBase(rng: Random, first: string, last: string, handleWords: readonly string[]): string {
  const f = fold(first);
  const l = fold(last);
  const word = rng.pick(handleWords);
  const base = rng.weighted<string>([
    [`${f}${l}`, 3], [`${f}.${l}`, 3], [`${f}${word}`, 2], [`${f}.${word}`, 1],
    [`${word}with${f}`, 1], [`thereal${f}`, 1], [`${l}.${word}`, 1],
  ]);
  return base.slice(0, 22);
}

function displayName(
  rng: Random, platform: Platform, first: string, last: string, primary: string, channels: readonly string[],
): string {
  const channelOdds = platform === 'YOUTUBE' ? 0.35 : 0.1;
  if (rng.chance(channelOdds)) return rng.chance(0.5) ? rng.pick(channels) : `${first}'s ${rng.pick(channels)}`;
  if (rng.chance(0.15)) return `${first} | ${primary[0]?.toUpperCase()}${primary.slice(1)}`;
  return `${first} ${last}`;
}

/** A distinct, fixed-width decimal per index: 4 digits for the first 10,000, 5 for the next 100,000, ... */
export function uniqueSuffix(index: number): string {
  let start = 0;
  for (let digits = 4; digits < 16; digits++) {
    const size = 10 ** digits;
    // 7919 is coprime with 10^k, so this affine map permutes 0..size-1 and hides the sequence.
    if (index < start + size) return String(((index - start) * 7919 + 1237) % size).padStart(digits, '0');
    start += size;
  }
  throw new RangeError(`creator index ${index} too large`);
}

export function fold(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
}
