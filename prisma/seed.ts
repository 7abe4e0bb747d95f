// Database seed: `tsx prisma/seed.ts [--scale dev|bench|million|<custom>] [--creators N] [--reference-date YYYY-MM-DD]`
// with DATABASE_URL set. Also exported as seed() for the server's first start.
//
// - Deterministic: every row comes from a fixed-seed PRNG keyed by the row's natural position, so
//   two runs produce the same data. Dates are offsets from a reference day (default: today, UTC)
//   so that running campaigns straddle "now"; pass referenceDate to pin them too.
// - Idempotent: natural keys (Organization.clerkOrgId, User.clerkUserId, campaign name per
//   organization, creator (platform, lower(username)), ...) with ON CONFLICT DO NOTHING. Children
//   are only created with their parent, so a re-run inserts nothing. Each organization is one
//   transaction. A larger scale over a smaller one adds what is missing but leaves existing
//   campaigns at their old size: seed `bench` into an empty database for exact bench volumes.
// - Bulk: plain `pg`, one INSERT ... SELECT FROM unnest(...) per table and batch; ids come from
//   gen_random_uuid() defaults and back through RETURNING.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { insertStudies } from './seed/brand-lift.insert';
import { hasStudyStatus } from './seed/brand-lift.generate';
import { insertCampaigns, insertInfluencersAndAssets } from './seed/campaign.insert';
import { campaignSpecs } from './seed/campaign.generate';
import { seedCreators } from './seed/creator.insert';
import { Progress, Tally, createPool, inTransaction } from './seed/db';
import { insertLists } from './seed/list.insert';
import { organizationSpec } from './seed/organization.generate';
import { insertOrganization } from './seed/organization.insert';
import { seedInsightIQ, seedProfiles } from './seed/profile.insert';
import { type Scale, resolveScale } from './seed/scale';

export interface SeedOptions {
  databaseUrl: string;
  /** dev (default), bench, million, or overrides such as "bench,organizations=5" (see seed/scale.ts). */
  scale?: string;
  /** Overrides the scale's marketplace creator count. */
  creators?: number;
  /** Progress and summary lines; default: stderr. */
  log?: (line: string) => void;
  /** Day that seeded dates are relative to; default: today (UTC). */
  referenceDate?: Date | string;
}

export interface SeedSummary {
  scale: Scale;
  elapsedMs: number;
  /** Rows this run inserted, per table. */
  inserted: Record<string, number>;
  /** Rows in each table after the run. */
  totals: Record<string, number>;
}

const TABLES = [
  'Organization', 'User', 'UserOrganization', 'CampaignWizard', 'CampaignContact', 'CampaignSecondaryKpi',
  'CampaignAudienceAge', 'CampaignLocation', 'CampaignInfluencer', 'CreativeAsset', 'BrandLiftStudy',
  'BrandLiftQuestion', 'BrandLiftQuestionOption', 'BrandLiftComment', 'BrandLiftResponse', 'BrandLiftAnswer',
  'MarketplaceInfluencer', 'InfluencerProfile', 'InfluencerAudienceAge', 'InfluencerAudienceGender',
  'InfluencerAudienceCountry', 'InsightIQMapping', 'InfluencerList', 'InfluencerListItem', 'AuditLog',
] as const;

export async function seed(options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const scale = resolveScale(options.scale, options.creators);
  const reference = referenceDay(options.referenceDate);
  const tally = new Tally();
  // Two connections insert creators while this process generates the next batch.
  const pool = createPool(options.databaseUrl, 3);
  try {
    log(`seed: scale ${scale.name}, ${scale.creators} creators, ${scale.organizations} organizations, reference day ${reference.toISOString().slice(0, 10)}`);
    await seedCreators(pool, { count: scale.creators, batchSize: 10_000, concurrency: 2, reference, log, tally });
    await seedProfiles(pool, Math.min(scale.profiles, scale.creators), reference, tally);
    await seedInsightIQ(pool, Math.min(scale.insightIQMappings, scale.creators), reference, tally);
    const progress = new Progress('organizations', scale.organizations, log);
    for (let index = 1; index <= scale.organizations; index++) {
      await seedOrganization(pool, index, scale, reference, tally);
      progress.update(index, index === scale.organizations);
    }
    const summary: SeedSummary = {
      scale,
      elapsedMs: Date.now() - started,
      inserted: Object.fromEntries(TABLES.map((t) => [t, tally.inserted.get(t) ?? 0])),
      totals: await countRows(pool),
    };
    log(`seed ${scale.name} done in ${(summary.elapsedMs / 1000).toFixed(1)}s: ${TABLES.map(
      (t) => `${t} ${summary.totals[t]} (+${summary.inserted[t]})`,
    ).join(', ')}`);
    return summary;
  } finally {
    await pool.end();
  }
}

/** One organization and everything in it, in one transaction: it exists completely or not at all. */
async function seedOrganization(pool: pg.Pool, index: number, scale: Scale, reference: Date, tally: Tally): Promise<void> {
  const org = organizationSpec(index);
  const specs = campaignSpecs(org, scale.campaignsPerOrganization, reference);
  const withStudy = new Set(specs.filter(hasStudyStatus).slice(0, scale.studiesPerOrganization).map((c) => c.index));
  const plan = {
    creatorCount: scale.creators,
    influencersPerCampaign: scale.influencersPerCampaign,
    assetsPerInfluencer: scale.assetsPerInfluencer,
  };
  await inTransaction(pool, async (db) => {
    const ids = await insertOrganization(db, org, reference, tally);
    const created = await insertCampaigns(db, org, ids, specs, tally);
    await insertInfluencersAndAssets(db, org, ids, created, plan, withStudy, tally);
    const studied = created.filter((c) => withStudy.has(c.spec.index));
    await insertStudies(db, org, ids, studied, scale.responsesPerStudy, reference, tally);
    await insertLists(db, org, ids, scale.creators, reference, tally);
  });
}

async function countRows(pool: pg.Pool): Promise<Record<string, number>> {
  const sql = TABLES.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL ');
  const result = await pool.query<{ t: string; n: number }>(sql);
  return Object.fromEntries(result.rows.map((r) => [r.t, r.n]));
}

function referenceDay(value: Date | string | undefined): Date {
  const date = value === undefined ? new Date() : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid reference date: ${String(value)}`);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function parseArgs(argv: string[]): Omit<SeedOptions, 'databaseUrl'> & { help: boolean } {
  const options: Omit<SeedOptions, 'databaseUrl'> & { help: boolean } = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--scale') options.scale = value();
    else if (flag === '--creators') options.creators = Number(value().replace(/_/g, ''));
    else if (flag === '--reference-date') options.referenceDate = value();
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return options;
}

async function main(): Promise<void> {
  const { help, ...options } = parseArgs(process.argv.slice(2));
  if (help) {
    process.stdout.write('usage: tsx prisma/seed.ts [--scale dev|bench|million|<custom>] [--creators N] [--reference-date YYYY-MM-DD]\n');
    return;
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  await seed({ ...options, databaseUrl });
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  main().catch((error: unknown) => {
    process.stderr.write(`seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
