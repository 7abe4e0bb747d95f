import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { db } from '../../src/lib/db/client';
import {
  createCampaign,
  createCreativeAsset,
  createMarketplaceInfluencer,
  createOrganization,
  createUser,
} from '../factories';

/**
 * Behaviour of the SQL-only objects (prisma/migrations/*_sql_only_objects, listed in
 * prisma/sql-only-objects.json) as the application meets them: through Prisma and the pg driver
 * adapter. Every test makes its own organization, users and creators, with unique natural keys.
 */

const unique = () => randomBytes(5).toString('hex');

/** The PostgreSQL error behind a Prisma or driver-adapter error: SQLSTATE and message. */
interface PgFailure {
  sqlState: string | undefined;
  message: string;
}

async function failureOf(operation: Promise<unknown>): Promise<PgFailure> {
  try {
    await operation;
  } catch (error) {
    const e = error as {
      message?: string;
      cause?: Record<string, unknown>;
      meta?: { driverAdapterError?: { cause?: Record<string, unknown> } };
    };
    const cause = e.meta?.driverAdapterError?.cause ?? e.cause ?? {};
    const sqlState = (cause.originalCode ?? cause.code) as string | undefined;
    const message = [cause.originalMessage, cause.message, e.message].filter((m) => typeof m === 'string').join(' | ');
    return { sqlState, message };
  }
  throw new Error('expected the database to reject the operation, but it succeeded');
}

async function tenant() {
  const organization = await createOrganization();
  const user = await createUser();
  return { organization, user };
}

describe('MarketplaceInfluencer: username unique per platform, case-insensitive', () => {
  it('rejects a second creator whose username differs only in case on the same platform', async () => {
    const username = `Case_${unique()}`;
    await createMarketplaceInfluencer({ platform: 'INSTAGRAM', username });
    const failure = await failureOf(createMarketplaceInfluencer({ platform: 'INSTAGRAM', username: username.toLowerCase() }));
    expect(failure.sqlState).toBe('23505');
    expect(failure.message).toContain('MarketplaceInfluencer_platform_username_ci_key');
  });

  it('accepts the same username on another platform', async () => {
    const username = `Case_${unique()}`;
    await createMarketplaceInfluencer({ platform: 'INSTAGRAM', username });
    await expect(createMarketplaceInfluencer({ platform: 'TIKTOK', username: username.toUpperCase() })).resolves.toMatchObject({
      platform: 'TIKTOK',
    });
    await expect(createMarketplaceInfluencer({ platform: 'YOUTUBE', username })).resolves.toMatchObject({ platform: 'YOUTUBE' });
  });
});

describe('CreativeAsset: at most one primary brand-lift asset per campaign', () => {
  it('rejects a second primary asset in the same campaign', async () => {
    const { organization, user } = await tenant();
    const campaign = await createCampaign(organization.id, user.id);
    await createCreativeAsset(campaign, user.id, { isPrimaryForBrandLift: true });
    const failure = await failureOf(createCreativeAsset(campaign, user.id, { isPrimaryForBrandLift: true }));
    expect(failure.sqlState).toBe('23505');
    expect(failure.message).toContain('CreativeAsset_campaignId_primary_brand_lift_key');
  });

  it('accepts non-primary assets next to the primary one, and a primary asset in another campaign', async () => {
    const { organization, user } = await tenant();
    const campaign = await createCampaign(organization.id, user.id);
    const other = await createCampaign(organization.id, user.id);
    await createCreativeAsset(campaign, user.id, { isPrimaryForBrandLift: true });
    await createCreativeAsset(campaign, user.id);
    await createCreativeAsset(campaign, user.id, { isPrimaryForBrandLift: false });
    await createCreativeAsset(other, user.id, { isPrimaryForBrandLift: true });
    const counts = await db().creativeAsset.groupBy({
      by: ['campaignId', 'isPrimaryForBrandLift'],
      where: { organizationId: organization.id },
      _count: { _all: true },
    });
    expect(counts.map((c) => [c.campaignId, c.isPrimaryForBrandLift, c._count._all]).sort()).toEqual(
      [
        [campaign.id, false, 2],
        [campaign.id, true, 1],
        [other.id, true, 1],
      ].sort(),
    );
  });

  it('allows moving the primary flag: unset the old one, then set another', async () => {
    const { organization, user } = await tenant();
    const campaign = await createCampaign(organization.id, user.id);
    const first = await createCreativeAsset(campaign, user.id, { isPrimaryForBrandLift: true });
    const second = await createCreativeAsset(campaign, user.id);
    await db().$transaction([
      db().creativeAsset.update({ where: { id: first.id }, data: { isPrimaryForBrandLift: false } }),
      db().creativeAsset.update({ where: { id: second.id }, data: { isPrimaryForBrandLift: true } }),
    ]);
    const primary = await db().creativeAsset.findMany({ where: { campaignId: campaign.id, isPrimaryForBrandLift: true } });
    expect(primary.map((a) => a.id)).toEqual([second.id]);
  });
});

describe('CampaignWizard: dates and budget checks', () => {
  it('rejects an endDate before the startDate', async () => {
    const { organization, user } = await tenant();
    const failure = await failureOf(
      createCampaign(organization.id, user.id, { startDate: new Date('2027-03-10'), endDate: new Date('2027-03-09') }),
    );
    expect(failure.sqlState).toBe('23514');
    expect(failure.message).toContain('CampaignWizard_dates_check');
  });

  it('accepts an endDate on or after the startDate, and open-ended dates', async () => {
    const { organization, user } = await tenant();
    await createCampaign(organization.id, user.id, { startDate: new Date('2027-03-10'), endDate: new Date('2027-03-10') });
    await createCampaign(organization.id, user.id, { startDate: new Date('2027-03-10'), endDate: new Date('2027-04-10') });
    await createCampaign(organization.id, user.id, { startDate: new Date('2027-03-10') });
  });

  it('rejects an update that moves the endDate before the startDate', async () => {
    const { organization, user } = await tenant();
    const campaign = await createCampaign(organization.id, user.id, { startDate: new Date('2027-03-10') });
    const failure = await failureOf(
      db().campaignWizard.update({ where: { id: campaign.id }, data: { endDate: new Date('2027-01-01') } }),
    );
    expect(failure.sqlState).toBe('23514');
    expect(failure.message).toContain('CampaignWizard_dates_check');
  });

  it('rejects budgetSocial greater than budgetTotal, accepts it equal or smaller', async () => {
    const { organization, user } = await tenant();
    const failure = await failureOf(
      createCampaign(organization.id, user.id, { budgetTotal: '1000.00', budgetSocial: '1000.01' }),
    );
    expect(failure.sqlState).toBe('23514');
    expect(failure.message).toContain('CampaignWizard_budget_check');
    await createCampaign(organization.id, user.id, { budgetTotal: '1000.00', budgetSocial: '1000.00' });
    await createCampaign(organization.id, user.id, { budgetTotal: '1000.00', budgetSocial: '250.50' });
  });

  it('rejects a negative budget', async () => {
    const { organization, user } = await tenant();
    const failure = await failureOf(createCampaign(organization.id, user.id, { budgetTotal: '-1.00' }));
    expect(failure.sqlState).toBe('23514');
    expect(failure.message).toContain('CampaignWizard_budget_check');
  });
});

describe('MarketplaceInfluencer.searchVector (generated tsvector)', () => {
  const matches = async (query: string) =>
    (
      await db().$queryRaw<{ id: string }[]>`
        SELECT id FROM "MarketplaceInfluencer" WHERE "searchVector" @@ to_tsquery('simple', ${query})`
    ).map((r) => r.id);

  it('is filled on insert and finds the creator by username and by category', async () => {
    const key = unique();
    const username = `searchable${key}`;
    const category = `cat${key}`;
    const creator = await db().marketplaceInfluencer.create({
      data: { platform: 'INSTAGRAM', username, displayName: `Creator ${key}`, categories: [category, 'travel'] },
    });
    const [row] = await db().$queryRaw<{ vector: string | null }[]>`
      SELECT "searchVector"::text AS vector FROM "MarketplaceInfluencer" WHERE id = ${creator.id}::uuid`;
    expect(row?.vector).toEqual(expect.stringContaining(`'${username}':1A`));
    expect(await matches(username)).toEqual([creator.id]);
    expect(await matches(category)).toEqual([creator.id]);
    expect(await matches(`${username} & ${category}`)).toEqual([creator.id]);
    expect(await matches(`${username}:*`)).toEqual([creator.id]);
  });

  it('follows updates of the row', async () => {
    const key = unique();
    const creator = await db().marketplaceInfluencer.create({
      data: { platform: 'YOUTUBE', username: `mover${key}`, displayName: `Mover ${key}`, categories: [`old${key}`] },
    });
    await db().marketplaceInfluencer.update({ where: { id: creator.id }, data: { categories: [`new${key}`] } });
    expect(await matches(`old${key}`)).toEqual([]);
    expect(await matches(`new${key}`)).toEqual([creator.id]);
  });
});

describe('AuditLog is append-only', () => {
  const entry = (organizationId: string, actorId: string) => ({
    organizationId,
    actorId,
    action: 'UPDATE' as const,
    targetType: 'CAMPAIGN' as const,
    targetId: organizationId,
    before: { name: 'Old' },
    after: { name: 'New' },
  });

  it('accepts inserts and rejects updates', async () => {
    const { organization, user } = await tenant();
    const row = await db().auditLog.create({ data: entry(organization.id, user.id) });
    expect(row.id).toEqual(expect.any(String));
    const failure = await failureOf(db().auditLog.update({ where: { id: row.id }, data: { after: { name: 'Forged' } } }));
    expect(failure.sqlState).toBe('42501');
    expect(failure.message).toContain('AuditLog is append-only');
    const failedBulk = await failureOf(db().auditLog.updateMany({ where: { organizationId: organization.id }, data: { requestId: 'x' } }));
    expect(failedBulk.message).toContain('AuditLog is append-only');
    const stored = await db().auditLog.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.after).toEqual({ name: 'New' });
  });

  it('allows an update only inside a transaction that switches on app.audit_maintenance', async () => {
    const { organization, user } = await tenant();
    const row = await db().auditLog.create({ data: entry(organization.id, user.id) });
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.audit_maintenance', 'on', true)`;
      await tx.auditLog.update({ where: { id: row.id }, data: { actorId: null } });
    });
    expect((await db().auditLog.findUniqueOrThrow({ where: { id: row.id } })).actorId).toBeNull();
    // The switch was transaction-local: the next update is refused again.
    const failure = await failureOf(db().auditLog.update({ where: { id: row.id }, data: { requestId: 'x' } }));
    expect(failure.message).toContain('AuditLog is append-only');
  });

  it('still lets retention delete rows', async () => {
    const { organization, user } = await tenant();
    const row = await db().auditLog.create({ data: entry(organization.id, user.id) });
    await db().auditLog.delete({ where: { id: row.id } });
    expect(await db().auditLog.findUnique({ where: { id: row.id } })).toBeNull();
  });
});
