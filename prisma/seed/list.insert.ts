// Tenant-private saved lists of creators. Idempotent through (organizationId, name).
import type pg from 'pg';
import { creatorIds } from './creator.insert';
import { type Tally, insertRows } from './db';
import type { OrgIds } from './organization.insert';
import type { OrgSpec, Seat } from './organization.generate';
import { rngFor } from './random';

const NOTES = ['Strong engagement on product reviews.', 'Check rates before Q3.', 'Worked with a competitor last year.', 'Great storytelling.'];

export async function insertLists(
  db: pg.PoolClient, org: OrgSpec, ids: OrgIds, creatorCount: number, reference: Date, tally: Tally,
): Promise<void> {
  const rng = rngFor('lists', org.index);
  const lists = [
    { name: `Shortlist: ${org.brands[0] ?? org.name}`, description: 'Creators we want for the next launch.', createdBy: 'member1' as Seat },
    { name: `Top ${org.category} creators`, description: `Reference list of ${org.category} creators to watch.`, createdBy: 'admin' as Seat },
  ];
  const createdAt = new Date(reference.getTime() - rng.int(10, 120) * 86_400_000).toISOString();
  const result = await insertRows<{ id: string; name: string }>(db, {
    table: 'InfluencerList',
    columns: [['organizationId', 'uuid'], ['name', 'text'], ['description', 'text'], ['createdById', 'uuid'], ['createdAt', 'timestamp']],
    rows: lists.map((l) => [ids.organizationId, l.name, l.description, ids.users[l.createdBy], createdAt]),
    conflict: 'ON CONFLICT ("organizationId", "name") DO NOTHING',
    returning: 'id, name',
  });
  tally.add('InfluencerList', result.rowCount);
  if (result.rows.length === 0) return;

  const items = result.rows.map((list) => ({
    listId: list.id,
    creators: [...new Set(Array.from({ length: rng.int(8, 15) }, () => rng.int(0, creatorCount - 1)))],
  }));
  const creatorId = await creatorIds(db, items.flatMap((i) => i.creators));
  const rows = items.flatMap(({ listId, creators }) => creators.map((index) => [
    ids.organizationId, listId, creatorId.get(index), rng.chance(0.3) ? rng.pick(NOTES) : null,
    ids.users[rng.pick<Seat>(['member1', 'member2', 'admin'])], createdAt,
  ]));
  const inserted = await insertRows(db, {
    table: 'InfluencerListItem',
    columns: [
      ['organizationId', 'uuid'], ['listId', 'uuid'], ['marketplaceInfluencerId', 'uuid'], ['note', 'text'],
      ['addedById', 'uuid'], ['createdAt', 'timestamp'],
    ],
    rows,
  });
  tally.add('InfluencerListItem', inserted.rowCount);
}
