// Bulk insert of marketplace creators, and lookup of their database ids by natural key.
import type pg from 'pg';
import { creator, type Creator } from './creator.generate';
import { type Column, type Db, Progress, type Tally, insertRows, runLimited } from './db';

const COLUMNS: readonly Column[] = [
  ['platform', '"Platform"'],
  ['username', 'text'],
  ['displayName', 'text'],
  ['bio', 'text'],
  ['avatarUrl', 'text'],
  ['followers', 'int'],
  ['engagementRate', 'numeric'],
  ['isVerified', 'boolean'],
  ['country', 'text'],
  ['categories', 'text', `string_to_array(t."categories", ',')`],
  ['audienceQualityScore', 'numeric'],
  ['createdAt', 'timestamp'],
  // "searchVector" is GENERATED ALWAYS: never listed here.
];

export interface CreatorSeedOptions {
  count: number;
  batchSize: number;
  concurrency: number;
  reference: Date;
  log: (line: string) => void;
  tally: Tally;
}

export async function seedCreators(pool: pg.Pool, options: CreatorSeedOptions): Promise<void> {
  const { count, batchSize, concurrency, reference, log, tally } = options;
  const progress = new Progress('creators', count, log);
  let done = 0;
  function* batches(): Generator<() => Promise<void>> {
    for (let start = 0; start < count; start += batchSize) {
      const end = Math.min(count, start + batchSize);
      // Built here, synchronously, so generating the next batch overlaps the inserts in flight.
      const rows: unknown[][] = [];
      for (let i = start; i < end; i++) rows.push(creatorRow(creator(i), reference));
      yield async () => {
        const result = await insertRows(pool, {
          table: 'MarketplaceInfluencer',
          columns: COLUMNS,
          rows,
          // The probe skips existing creators before PostgreSQL computes the generated tsvector;
          // ON CONFLICT still covers a concurrent run.
          where: `NOT EXISTS (SELECT 1 FROM "MarketplaceInfluencer" m
                   WHERE m."platform" = t."platform" AND lower(m."username") = lower(t."username"))`,
          conflict: 'ON CONFLICT ("platform", lower("username")) DO NOTHING',
        });
        tally.add('MarketplaceInfluencer', result.rowCount);
        done += rows.length;
        progress.update(done);
      };
    }
  }
  await runLimited(batches(), concurrency);
  progress.update(done, true);
}

function creatorRow(c: Creator, reference: Date): unknown[] {
  return [
    c.platform, c.username, c.displayName, c.bio, c.avatarUrl, c.followers, c.engagementRate, c.isVerified,
    c.country, c.categories.join(','), c.audienceQualityScore,
    new Date(reference.getTime() - c.ageSeconds * 1000).toISOString(),
  ];
}

/** Database ids of creators by index, through the (platform, lower(username)) unique index. */
export async function creatorIds(db: Db, indices: Iterable<number>): Promise<Map<number, string>> {
  const unique = [...new Set(indices)];
  const creators = unique.map((i) => creator(i));
  const result = await db.query<{ i: number; id: string }>(
    `SELECT t.i, m.id FROM unnest($1::int[], $2::"Platform"[], $3::text[]) AS t(i, platform, username)
     JOIN "MarketplaceInfluencer" m ON m."platform" = t.platform AND lower(m."username") = t.username`,
    [unique, creators.map((c) => c.platform), creators.map((c) => c.username.toLowerCase())],
  );
  const ids = new Map(result.rows.map((r) => [r.i, r.id]));
  const missing = unique.filter((i) => !ids.has(i));
  if (missing.length > 0) throw new Error(`creators missing from the database: indices ${missing.slice(0, 5).join(', ')}...`);
  return ids;
}
