import { z } from 'zod';
import {
  AgeBucket,
  AssetType,
  BusinessGoal,
  CampaignInfluencerStatus,
  ContactRole,
  Currency,
  Gender,
  Kpi,
  Platform,
  WizardStep,
} from '../../generated/prisma/client.ts';
import type { FieldIssue } from '../../lib/errors';

/**
 * Input rules of the campaign wizard, shared by GraphQL resolvers and services (and any job or
 * import that writes campaigns). Each wizard step has its own schema; `submitIssues` holds the
 * rules that only make sense for the whole campaign. Paths in issues start at `input`, the one
 * argument of every mutation, so clients can point at the offending form field.
 */

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
// Intl lists canonical zones only; UTC (the column's default) is valid everywhere.
TIME_ZONES.add('UTC');

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).nullish();

/** Money as an exact decimal string: non-negative, at most 2 decimal places (Decimal(14,2)). */
export const money = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be a non-negative amount with at most 2 decimal places, e.g. "1250.50"');

const distinct = <T>(items: readonly T[]) => new Set(items).size === items.length;

const dateRange = (v: { startDate?: Date | null; endDate?: Date | null }) =>
  !v.startDate || !v.endDate || v.endDate.getTime() >= v.startDate.getTime();

/** Whether budgetSocial (the social-media part) fits in budgetTotal; both as decimal strings. */
export function socialWithinTotal(social: string | null | undefined, total: string | null | undefined): boolean {
  if (social == null || total == null) return true;
  return compareDecimal(social, total) <= 0;
}

/** Compares two non-negative decimal strings exactly (no float rounding). */
export function compareDecimal(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const width = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(width, '0'));
  const y = BigInt(bi + bf.padEnd(width, '0'));
  return x === y ? 0 : x < y ? -1 : 1;
}

export const contactSchema = z.object({
  name: text(200),
  email: z.email('must be an email address').max(320),
  phone: optionalText(40),
  role: z.enum(ContactRole).default('PRIMARY'),
});

/** Step 1, Details (createCampaign and saveCampaignDetails). */
export const detailsSchema = z
  .object({
    name: text(200),
    brandName: text(200),
    businessGoal: z.enum(BusinessGoal),
    description: optionalText(5000),
    startDate: z.date(),
    endDate: z.date(),
    timeZone: z.string().refine((zone) => TIME_ZONES.has(zone), 'must be an IANA time zone, e.g. Europe/Berlin'),
    budgetTotal: money,
    budgetSocial: money,
    currency: z.enum(Currency),
    /** Omitted: contacts stay as they are; given: the campaign's contacts become exactly these. */
    contacts: z.array(contactSchema).max(20).nullish(),
  })
  .refine(dateRange, { path: ['endDate'], message: 'must not be before startDate' })
  .refine((v) => socialWithinTotal(v.budgetSocial, v.budgetTotal), {
    path: ['budgetSocial'],
    message: 'must not exceed budgetTotal',
  });
export type DetailsInput = z.infer<typeof detailsSchema>;

/** Step 2, Objectives. */
export const objectivesSchema = z
  .object({
    primaryKpi: z.enum(Kpi),
    secondaryKpis: z.array(z.enum(Kpi)).max(9).refine(distinct, 'must not repeat a KPI'),
    platforms: z.array(z.enum(Platform)).min(1, 'must name at least one platform').refine(distinct, 'must not repeat a platform'),
    keyMessage: text(2000),
    callToAction: optionalText(500),
  })
  .refine((v) => !v.secondaryKpis.includes(v.primaryKpi), {
    path: ['secondaryKpis'],
    message: 'must not contain the primary KPI',
  });
export type ObjectivesInput = z.infer<typeof objectivesSchema>;

/** Step 3, Audience. Percentages are whole numbers; that they sum to 100 is checked on submit. */
export const audienceSchema = z.object({
  ageBuckets: z
    .array(z.object({ bucket: z.enum(AgeBucket), percentage: z.number().int('must be a whole number').min(0).max(100) }))
    .refine((items) => distinct(items.map((i) => i.bucket)), 'must not repeat a bucket'),
  locations: z
    .array(
      z.object({
        countryCode: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. DE'),
        region: optionalText(200),
        city: optionalText(200),
      }),
    )
    .max(200),
  genders: z.array(z.enum(Gender)).refine(distinct, 'must not repeat a gender'),
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code: two lower-case letters, e.g. en'))
    .max(50)
    .refine(distinct, 'must not repeat a language'),
  interests: z.array(text(100)).max(50).refine(distinct, 'must not repeat an interest'),
});
export type AudienceInput = z.infer<typeof audienceSchema>;

const httpsUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an https URL');

const MIME = /^[a-z]+\/[a-z0-9.+-]+$/;

/** Fields of a creative asset; on update every field is optional but the result must still hold. */
const assetFields = {
  name: text(200),
  description: optionalText(5000),
  type: z.enum(AssetType),
  url: httpsUrl,
  mimeType: z.string().regex(MIME, 'must be a MIME type such as image/png'),
  /** A decimal string (the column is a bigint; GraphQL's Int is 32-bit). */
  sizeBytes: z.string().regex(/^\d{1,18}$/, 'must be a whole number of bytes as a string, e.g. "1048576"'),
  width: z.number().int().positive().nullish(),
  height: z.number().int().positive().nullish(),
  durationSeconds: z
    .string()
    .regex(/^\d{1,7}(\.\d{1,3})?$/, 'must be a non-negative number of seconds with at most 3 decimals')
    .nullish(),
};

type AssetShape = { type: AssetType; mimeType: string; durationSeconds?: string | null };

function assetConsistency(value: AssetShape, ctx: z.RefinementCtx) {
  const family = value.type === 'IMAGE' ? 'image/' : 'video/';
  if (!value.mimeType.startsWith(family)) {
    ctx.addIssue({ code: 'custom', path: ['mimeType'], message: `must be ${family}* for a ${value.type} asset` });
  }
  if (value.type === 'IMAGE' && value.durationSeconds != null) {
    ctx.addIssue({ code: 'custom', path: ['durationSeconds'], message: 'only videos have a duration' });
  }
  if (value.type === 'VIDEO' && value.durationSeconds == null) {
    ctx.addIssue({ code: 'custom', path: ['durationSeconds'], message: 'is required for a video' });
  }
}

export const createAssetSchema = z.object(assetFields).superRefine(assetConsistency);
export type CreateAssetInput = z.infer<typeof createAssetSchema>;
export const updateAssetSchema = z.object(assetFields).partial();
export type UpdateAssetInput = z.infer<typeof updateAssetSchema>;
/** The merged record after an update must still be consistent (type vs. MIME type, duration). */
export const assetConsistencySchema = z
  .object({ type: z.enum(AssetType), mimeType: z.string(), durationSeconds: z.string().nullish() })
  .superRefine(assetConsistency);

/** Omitted fields stay as they are; null clears agreedFee, feeCurrency or notes. */
export const influencerUpdateSchema = z.object({
  status: z.enum(CampaignInfluencerStatus).nullish(),
  agreedFee: money.nullish(),
  feeCurrency: z.enum(Currency).nullish(),
  notes: optionalText(5000),
});
export type InfluencerUpdateInput = z.infer<typeof influencerUpdateSchema>;

/** The steps a campaign must have completed before it can be submitted (REVIEW is the submit itself). */
export const REQUIRED_STEPS = [WizardStep.DETAILS, WizardStep.OBJECTIVES, WizardStep.AUDIENCE, WizardStep.ASSETS] as const;
export const STEP_ORDER: readonly WizardStep[] = ['DETAILS', 'OBJECTIVES', 'AUDIENCE', 'ASSETS', 'REVIEW'];

/** What submit looks at: the campaign with its counts. */
export interface SubmitSnapshot {
  completedSteps: WizardStep[];
  startDate: Date | null;
  endDate: Date | null;
  budgetTotal: string | null;
  budgetSocial: string | null;
  ageBuckets: { percentage: number }[];
  influencerCount: number;
  activeAssetCount: number;
}

/**
 * Whole-campaign rules checked on submit; every issue is reported, not just the first. Paths
 * start at `campaign` because they name the stored campaign, not a field of submit's input.
 */
export function submitIssues(c: SubmitSnapshot): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const step of REQUIRED_STEPS) {
    if (!c.completedSteps.includes(step)) issues.push({ path: ['campaign', 'completedSteps', step], message: `the ${step} step is not complete` });
  }
  if (c.startDate && c.endDate && c.endDate < c.startDate) {
    issues.push({ path: ['campaign', 'endDate'], message: 'must not be before startDate' });
  }
  if (!socialWithinTotal(c.budgetSocial, c.budgetTotal)) {
    issues.push({ path: ['campaign', 'budgetSocial'], message: 'must not exceed budgetTotal' });
  }
  const sum = c.ageBuckets.reduce((total, b) => total + b.percentage, 0);
  if (sum !== 100) issues.push({ path: ['campaign', 'ageBuckets'], message: `percentages must sum to 100 (they sum to ${sum})` });
  if (c.influencerCount < 1) issues.push({ path: ['campaign', 'influencers'], message: 'at least one influencer is required' });
  if (c.activeAssetCount < 1) issues.push({ path: ['campaign', 'assets'], message: 'at least one active creative asset is required' });
  return issues;
}
