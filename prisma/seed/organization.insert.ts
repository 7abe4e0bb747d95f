// Organization, its users and their memberships. Returns internal user ids by seat.
import type pg from 'pg';
import { type Tally, insertRows } from './db';
import { AGENCY_USER, type OrgSpec, type Seat, userSpecs } from './organization.generate';

const DAY = 86_400_000;

export interface OrgIds {
  organizationId: string;
  users: Record<Seat, string>;
}

export async function insertOrganization(db: pg.PoolClient, org: OrgSpec, reference: Date, tally: Tally): Promise<OrgIds> {
  const createdAt = new Date(reference.getTime() - (420 + org.index) * DAY).toISOString();
  const orgResult = await insertRows(db, {
    table: 'Organization',
    columns: [['clerkOrgId', 'text'], ['name', 'text'], ['slug', 'text'], ['dataRetentionDays', 'int'], ['createdAt', 'timestamp']],
    rows: [[org.clerkOrgId, org.name, org.slug, org.dataRetentionDays, createdAt]],
  });
  tally.add('Organization', orgResult.rowCount);
  const found = await db.query<{ id: string; slug: string }>(
    'SELECT id, slug FROM "Organization" WHERE "clerkOrgId" = $1', [org.clerkOrgId],
  );
  const row = found.rows[0];
  if (!row || row.slug !== org.slug) {
    throw new Error(`organization ${org.clerkOrgId} / slug ${org.slug} is taken by another organization`);
  }

  const users = userSpecs(org);
  const userResult = await insertRows(db, {
    table: 'User',
    columns: [['clerkUserId', 'text'], ['email', 'text'], ['name', 'text'], ['imageUrl', 'text'], ['createdAt', 'timestamp']],
    rows: [
      ...users.map((u, i) => [u.clerkUserId, u.email, u.name, u.imageUrl, new Date(Date.parse(createdAt) + i * DAY).toISOString()]),
      [AGENCY_USER.clerkUserId, AGENCY_USER.email, AGENCY_USER.name, null, createdAt],
    ],
  });
  tally.add('User', userResult.rowCount);
  const ids = await db.query<{ id: string; clerkUserId: string }>(
    'SELECT id, "clerkUserId" FROM "User" WHERE "clerkUserId" = ANY($1::text[])',
    [[...users.map((u) => u.clerkUserId), AGENCY_USER.clerkUserId]],
  );
  const idByClerk = new Map(ids.rows.map((r) => [r.clerkUserId, r.id]));
  const userId = (clerkUserId: string): string => {
    const id = idByClerk.get(clerkUserId);
    if (!id) throw new Error(`user ${clerkUserId} not found after insert`);
    return id;
  };

  const membershipResult = await insertRows(db, {
    table: 'UserOrganization',
    columns: [['organizationId', 'uuid'], ['userId', 'uuid'], ['role', '"MembershipRole"'], ['status', '"MembershipStatus"'], ['createdAt', 'timestamp']],
    rows: [
      ...users.map((u, i) => [row.id, userId(u.clerkUserId), u.role, u.status, new Date(Date.parse(createdAt) + i * DAY).toISOString()]),
      [row.id, userId(AGENCY_USER.clerkUserId), AGENCY_USER.role, 'ACTIVE', createdAt],
    ],
  });
  tally.add('UserOrganization', membershipResult.rowCount);

  const bySeat = Object.fromEntries(users.map((u) => [u.seat, userId(u.clerkUserId)])) as Record<Seat, string>;
  return { organizationId: row.id, users: bySeat };
}
