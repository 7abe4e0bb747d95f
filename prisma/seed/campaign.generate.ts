// Campaigns of one organization, as a pure function of (organization, campaign index): the first
// five campaigns of an organization are the same at every scale.
import { fold } from './creator.generate';
import { type OrgSpec, type Seat } from './organization.generate';
import { type Random, at, rngFor, splitExactly } from './random';
import { type Timeline, timeline } from './campaign.timeline';
import {
  AGE_BUCKETS, CALLS_TO_ACTION, CAMPAIGN_THEMES, CATEGORIES, COUNTRIES, FIRST_NAMES, KPIS, LANGUAGES_BY_COUNTRY,
  LAST_NAMES, PLATFORMS, WIZARD_STEPS, type Kpi, type Platform,
} from './words';

export const CAMPAIGN_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'CANCELLED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

// Every status appears among the 15 campaigns of the dev scale; ACTIVE and COMPLETED are the most common.
const STATUS_CYCLE: readonly CampaignStatus[] = [
  'ACTIVE', 'DRAFT', 'COMPLETED', 'SUBMITTED', 'ACTIVE', 'APPROVED', 'PAUSED', 'COMPLETED', 'DRAFT', 'CANCELLED',
];

const TOP: readonly Kpi[] = ['AD_RECALL', 'BRAND_AWARENESS', 'MESSAGE_ASSOCIATION'];
const MID: readonly Kpi[] = ['CONSIDERATION', 'BRAND_PREFERENCE'];

export function funnelStageOf(kpi: Kpi): 'TOP' | 'MID' | 'BOTTOM' {
  return TOP.includes(kpi) ? 'TOP' : MID.includes(kpi) ? 'MID' : 'BOTTOM';
}

/** Rough units of each currency per US dollar, so budgets and fees look plausible. */
export const CURRENCY_SCALE: Record<string, number> = {
  USD: 1, EUR: 1, GBP: 1, CAD: 1.4, AUD: 1.5, CHF: 1, SEK: 10, NOK: 10, DKK: 7, PLN: 4, JPY: 150, BRL: 5, MXN: 17, INR: 83,
};

const MESSAGES = [
  '{brand} makes every day a little easier', 'Discover the new {brand} range, made for real life',
  '{brand}: quality you can feel', 'Feel the difference with {brand}', 'Loved by creators, made for you: {brand}',
  'Small changes, big results with {brand}',
];

export interface Contact { name: string; email: string; phone: string | null; role: string }
export interface Location { countryCode: string; region: string | null; city: string | null }

export interface CampaignSpec extends Timeline {
  index: number;
  name: string;
  brandName: string;
  businessGoal: string;
  description: string;
  timeZone: string;
  budgetTotal: string;
  budgetSocial: string;
  currency: string;
  primaryKpi: Kpi;
  secondaryKpis: Kpi[];
  platforms: Platform[];
  keyMessage: string;
  callToAction: string;
  genders: string[];
  languages: string[];
  interests: string[];
  currentStep: string;
  completedSteps: string[];
  version: number;
  createdBy: Seat;
  contacts: Contact[];
  ageBuckets: [bucket: string, percentage: number][];
  locations: Location[];
}

export function campaignSpecs(org: OrgSpec, count: number, reference: Date): CampaignSpec[] {
  const names = new Set<string>();
  const specs: CampaignSpec[] = [];
  for (let index = 1; index <= count; index++) {
    const spec = campaignSpec(org, index, reference);
    let name = spec.name;
    for (let n = 2; names.has(name); n++) name = `${spec.name} (${n})`;
    names.add(name);
    specs.push({ ...spec, name });
  }
  return specs;
}

function campaignSpec(org: OrgSpec, index: number, reference: Date): CampaignSpec {
  const rng = rngFor('campaign', org.index, index);
  const status = at(STATUS_CYCLE, ((org.index - 1) * 3 + index - 1) % STATUS_CYCLE.length);
  const brandName = rng.pick(org.brands);
  const createdBy = rng.pick<Seat>(['owner', 'admin', 'member1', 'member2']);
  const time = timeline(rng, status, reference, createdBy);
  const theme = rng.pick(CAMPAIGN_THEMES);
  const primaryKpi = rng.weighted<Kpi>(KPIS.map((k) => [k, ['BRAND_AWARENESS', 'AD_RECALL', 'CONSIDERATION', 'PURCHASE_INTENT'].includes(k) ? 3 : 1]));
  const stage = funnelStageOf(primaryKpi);
  const businessGoal = stage === 'TOP' ? rng.pick(['BRAND_AWARENESS', 'PRODUCT_LAUNCH']) : stage === 'MID' ? 'CONSIDERATION' : rng.pick(['CONVERSION', 'LOYALTY']);
  const chosenPlatforms = rng.sample(PLATFORMS, rng.int(1, 3));
  const platforms = PLATFORMS.filter((p) => chosenPlatforms.includes(p));
  const scale = CURRENCY_SCALE[org.currency] ?? 1;
  const totalCents = rng.int(20, 2000) * 1000 * 100 * scale;
  const socialCents = Math.floor((totalCents * rng.int(40, 90)) / 100);
  const year = new Date(`${time.startDate}T00:00:00Z`).getUTCFullYear();
  // A draft saves its steps one by one; after submission every step is complete.
  const stepsDone = time.completedStepCount;
  return {
    ...time,
    index,
    name: `${brandName} ${theme} ${year}`,
    brandName,
    businessGoal,
    description: `${theme} push for ${brandName} with ${platforms.map(platformLabel).join(', ')} creators, aimed at ${businessGoal.toLowerCase().replace(/_/g, ' ')}.`,
    timeZone: org.timeZone,
    budgetTotal: (totalCents / 100).toFixed(2),
    budgetSocial: (socialCents / 100).toFixed(2),
    currency: org.currency,
    primaryKpi,
    secondaryKpis: rng.sample(KPIS.filter((k) => k !== primaryKpi), rng.int(1, 3)),
    platforms,
    keyMessage: rng.pick(MESSAGES).replace('{brand}', brandName),
    callToAction: rng.pick(CALLS_TO_ACTION),
    genders: rng.chance(0.6) ? ['FEMALE', 'MALE', 'NON_BINARY'] : rng.sample(['FEMALE', 'MALE'], rng.int(1, 2)),
    languages: languagesFor(rng, org.country),
    interests: [org.category, ...rng.sample(CATEGORIES.filter((c) => c !== org.category), rng.int(1, 3))],
    currentStep: at(WIZARD_STEPS, Math.min(stepsDone, WIZARD_STEPS.length - 1)),
    completedSteps: WIZARD_STEPS.slice(0, stepsDone),
    version: 1 + stepsDone + time.transitions.length,
    createdBy,
    contacts: contacts(rng, org),
    ageBuckets: ageBuckets(rng),
    locations: locations(rng, org.country),
  };
}

function languagesFor(rng: Random, country: string): string[] {
  const local = LANGUAGES_BY_COUNTRY[country] ?? ['en'];
  const chosen = local.filter((_, i) => i === 0 || rng.chance(0.5));
  return chosen.includes('en') || rng.chance(0.5) ? chosen : [...chosen, 'en'];
}

function contacts(rng: Random, org: OrgSpec): Contact[] {
  const roles = ['PRIMARY', ...rng.sample(['BILLING', 'CREATIVE', 'LEGAL', 'OTHER'], rng.int(0, 2))];
  return roles.map((role) => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    return {
      name: `${first} ${last}`,
      email: `${fold(first)}.${fold(last)}@${org.slug}.example.com`,
      // 555-0100..0199 is reserved for fiction.
      phone: rng.chance(0.8) ? `+1-202-555-01${String(rng.int(0, 99)).padStart(2, '0')}` : null,
      role,
    };
  });
}

/** 2-5 adjacent buckets whose integer percentages sum to exactly 100. */
function ageBuckets(rng: Random): [string, number][] {
  const size = rng.int(2, 5);
  const first = rng.int(0, Math.min(3, AGE_BUCKETS.length - size));
  const buckets = AGE_BUCKETS.slice(first, first + size);
  const percentages = splitExactly(buckets.map(() => rng.float(1, 3)), 100);
  return buckets.map((b, i) => [b, at(percentages, i)]);
}

function locations(rng: Random, home: string): Location[] {
  const others = rng.sample(COUNTRIES.map(([code]) => code).filter((c) => c !== home), rng.int(0, 2));
  return [home, ...others].map((countryCode) => {
    const cities = COUNTRIES.find(([code]) => code === countryCode)?.[2];
    return { countryCode, region: null, city: cities && rng.chance(0.4) ? rng.pick(cities) : null };
  });
}

function platformLabel(platform: Platform): string {
  return platform === 'YOUTUBE' ? 'YouTube' : platform === 'TIKTOK' ? 'TikTok' : 'Instagram';
}
