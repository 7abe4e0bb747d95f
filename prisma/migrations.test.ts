import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { dbPush, dropDatabase, ensureDatabase, migrateDeploy, runPrismaCli } from '../src/lib/db/migrate';
import { withDatabaseName } from '../src/lib/db/connection';

/**
 * Proves that the migrations (prisma/migrations) and schema.prisma describe the same database,
 * except for the objects Prisma cannot express, which must be exactly those listed in
 * prisma/sql-only-objects.json.
 *
 * Two scratch databases on the test server (TEST_DATABASE_URL's server):
 *   A  `prisma migrate deploy`  - every migration, as production gets it;
 *   B  `prisma db push`         - straight from schema.prisma, no migration involved.
 * Both catalogs are dumped over SQL (tables, columns, enums, indexes, constraints, triggers,
 * functions, and a few kinds Prisma never creates: sequences, views, policies, extensions, types)
 * and compared object by object. (`prisma migrate diff --from-migrations` would need a shadow
 * database and panics on the Wasm schema engine.)
 */

interface Listed {
  kind: string;
  name: string;
  inSchemaPrisma: 'absent' | 'differs';
  why: string;
}
interface CatalogObject {
  kind: string;
  name: string;
  definition: string;
}
interface Difference {
  kind: string;
  name: string;
  /** Definition in the database built by the migrations (A), or null when absent there. */
  migrations: string | null;
  /** Definition in the database built by `db push` from schema.prisma (B), or null when absent there. */
  schema: string | null;
}

const SCHEMA_PRISMA = new URL('./schema.prisma', import.meta.url);
const SQL_ONLY_OBJECTS = new URL('./sql-only-objects.json', import.meta.url);
const listed = (JSON.parse(readFileSync(SQL_ONLY_OBJECTS, 'utf8')) as { objects: Listed[] }).objects;

// One row per object: kind, name (unique within kind), definition. `_prisma_migrations` is left out.
const CATALOG_QUERIES: string[] = [
  `WITH t AS (
     SELECT c.oid, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations')
   SELECT 'table' AS kind, t.relname AS name,
          'relkind ' || t.relkind::text || ', row level security ' || t.relrowsecurity::text
          || CASE WHEN t.relforcerowsecurity THEN ' (forced)' ELSE '' END AS definition
   FROM t
   UNION ALL
   SELECT 'column', t.relname || '.' || a.attname,
          format_type(a.atttypid, a.atttypmod)
          || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
          || CASE WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                  WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END
          || CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text ELSE '' END
          || CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation
                  THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
   FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
   JOIN pg_type ty ON ty.oid = a.atttypid
   LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   UNION ALL
   SELECT 'index', i.relname, pg_get_indexdef(i.oid)
   FROM t JOIN pg_index x ON x.indrelid = t.oid JOIN pg_class i ON i.oid = x.indexrelid
   UNION ALL
   SELECT CASE con.contype WHEN 'c' THEN 'check' WHEN 'f' THEN 'foreign key' WHEN 'p' THEN 'primary key'
                           WHEN 'u' THEN 'unique' WHEN 'x' THEN 'exclusion' ELSE 'constraint ' || con.contype::text END,
          t.relname || '.' || con.conname,
          pg_get_constraintdef(con.oid) || CASE WHEN con.condeferrable THEN ' DEFERRABLE' ELSE '' END
   FROM t JOIN pg_constraint con ON con.conrelid = t.oid
   UNION ALL
   SELECT 'trigger', t.relname || '.' || tg.tgname, pg_get_triggerdef(tg.oid)
   FROM t JOIN pg_trigger tg ON tg.tgrelid = t.oid AND NOT tg.tgisinternal
   UNION ALL
   SELECT 'policy', t.relname || '.' || p.polname,
          'FOR ' || p.polcmd::text || CASE WHEN p.polpermissive THEN ' PERMISSIVE' ELSE ' RESTRICTIVE' END
          || ' TO ' || coalesce((SELECT string_agg(CASE r WHEN 0 THEN 'public' ELSE r::regrole::text END, ', ' ORDER BY 1)
                                 FROM unnest(p.polroles) r), '')
          || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
          || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')
   FROM t JOIN pg_policy p ON p.polrelid = t.oid`,
  `SELECT 'enum' AS kind, ty.typname AS name, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS definition
   FROM pg_type ty JOIN pg_enum e ON e.enumtypid = ty.oid
   WHERE ty.typnamespace = 'public'::regnamespace GROUP BY ty.typname
   UNION ALL
   SELECT CASE ty.typtype WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite type' ELSE 'type' END, ty.typname,
          CASE WHEN ty.typtype = 'd' THEN format_type(ty.typbasetype, ty.typtypmod) ELSE ty.typtype::text END
   FROM pg_type ty
   WHERE ty.typnamespace = 'public'::regnamespace AND ty.typtype IN ('d', 'c', 'r', 'm', 'b') AND ty.typelem = 0
     AND (ty.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = ty.typrelid) = 'c')
     AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = ty.oid AND dep.deptype = 'e')
   UNION ALL
   SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'foreign table' END,
          c.relname, CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) ELSE c.relkind::text END
   FROM pg_class c
   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('S', 'v', 'm', 'f')
     AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = c.oid AND dep.deptype = 'e')
   UNION ALL
   SELECT 'function', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
          CASE WHEN p.prokind = 'a' THEN 'aggregate' ELSE pg_get_functiondef(p.oid) END
   FROM pg_proc p
   WHERE p.pronamespace = 'public'::regnamespace
     AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = p.oid AND dep.classid = 'pg_proc'::regclass AND dep.deptype = 'e')
   UNION ALL
   SELECT 'extension', x.extname, 'in schema ' || x.extnamespace::regnamespace::text
   FROM pg_extension x WHERE x.extname <> 'plpgsql'`,
];

/** Strips the schema qualification PostgreSQL prints, so definitions read like the migration SQL. */
function normalise(definition: string): string {
  return definition
    .replace(/ ON public\./g, ' ON ')
    .replace(/ FUNCTION public\./g, ' FUNCTION ')
    .replace(/\s+$/g, '');
}

async function dumpCatalog(databaseUrl: string): Promise<Map<string, CatalogObject>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const objects = new Map<string, CatalogObject>();
    for (const sql of CATALOG_QUERIES) {
      const { rows } = await client.query<{ kind: string; name: string; definition: string }>(sql);
      for (const row of rows) {
        const key = `${row.kind} ${row.name}`;
        if (objects.has(key)) throw new Error(`catalog dump: duplicate object ${key}`);
        objects.set(key, { kind: row.kind, name: row.name, definition: normalise(row.definition) });
      }
    }
    return objects;
  } finally {
    await client.end();
  }
}

function compare(
  migrations: Map<string, CatalogObject>,
  schema: Map<string, CatalogObject>,
): Difference[] {
  const keys = [...new Set([...migrations.keys(), ...schema.keys()])].sort();
  const differences: Difference[] = [];
  for (const key of keys) {
    const a = migrations.get(key);
    const b = schema.get(key);
    if (a && b && a.definition === b.definition) continue;
    const { kind, name } = (a ?? b)!;
    differences.push({ kind, name, migrations: a?.definition ?? null, schema: b?.definition ?? null });
  }
  return differences;
}

function status(d: Difference): 'absent' | 'differs' | 'missing from migrations' {
  if (d.schema === null) return 'absent';
  if (d.migrations === null) return 'missing from migrations';
  return 'differs';
}

const indent = (text: string, prefix: string) => text.split('\n').map((line) => prefix + line).join('\n');

function describeDifference(d: Difference): string {
  const where =
    d.schema === null
      ? 'only in the migrations'
      : d.migrations === null
        ? 'only in schema.prisma: no migration creates it'
        : 'in both, defined differently';
  const lines = [`  ${d.kind} ${d.name}  (${where})`];
  if (d.migrations !== null) lines.push(indent(`migrations:    ${d.migrations}`, '      '));
  if (d.schema !== null) lines.push(indent(`schema.prisma: ${d.schema}`, '      '));
  return lines.join('\n');
}

/** The failure message: what differs unexpectedly, what the list claims wrongly, and what to do. */
function report(differences: Difference[], expected: Listed[]): string {
  const byKey = new Map(differences.map((d) => [`${d.kind} ${d.name}`, d]));
  const expectedByKey = new Map(expected.map((o) => [`${o.kind} ${o.name}`, o]));
  const unexpected = differences.filter((d) => !expectedByKey.has(`${d.kind} ${d.name}`));
  const stale = expected.filter((o) => !byKey.has(`${o.kind} ${o.name}`));
  const wrongStatus = expected.filter((o) => {
    const d = byKey.get(`${o.kind} ${o.name}`);
    return d && status(d) !== o.inSchemaPrisma;
  });
  if (!unexpected.length && !stale.length && !wrongStatus.length) return '';

  const out: string[] = [
    'The database built by prisma/migrations and the one schema.prisma describes (prisma db push) differ',
    'in ways prisma/sql-only-objects.json does not account for.',
    '',
  ];
  if (unexpected.length) {
    out.push(`Unexpected differences (${unexpected.length}):`, ...unexpected.map(describeDifference), '');
  }
  if (wrongStatus.length) {
    out.push('Listed, but the difference is not the one the entry states (inSchemaPrisma):');
    for (const o of wrongStatus) out.push(`${describeDifference(byKey.get(`${o.kind} ${o.name}`)!)}\n      listed as: ${o.inSchemaPrisma}`);
    out.push('');
  }
  if (stale.length) {
    out.push('Listed in prisma/sql-only-objects.json, but identical in both databases or in neither:');
    for (const o of stale) out.push(`  ${o.kind} ${o.name}`);
    out.push('');
  }
  out.push(
    'What to do:',
    '- "only in schema.prisma" or a column/index/constraint "defined differently" after editing schema.prisma:',
    '  the migrations lag behind the schema. Create the migration with `npm run db:migrate` (prisma migrate dev)',
    '  instead of writing it by hand.',
    '- "only in the migrations" (you wrote SQL in a migration by hand): if Prisma can express the object',
    '  (a column, an @@index/@@unique, a relation, a default, a native type), declare it in schema.prisma instead.',
    '  If it cannot (CHECK, trigger, function, partial/expression index, generated column, policy, ...), keep the',
    '  SQL and add an entry to prisma/sql-only-objects.json, for example:',
  );
  for (const d of unexpected.filter((x) => x.migrations !== null)) {
    out.push(
      indent(
        JSON.stringify({ kind: d.kind, name: d.name, inSchemaPrisma: status(d), why: 'what Prisma cannot express here' }),
        '    ',
      ),
    );
  }
  out.push(
    '- Listed but no longer different: the object was dropped or Prisma now expresses it; remove the entry.',
    '- Wrong inSchemaPrisma: correct the entry ("absent": not in schema.prisma; "differs": declared there differently).',
  );
  return out.join('\n');
}

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run tests through `npm test`');
const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const migratedUrl = withDatabaseName(serverUrl, `migcheck_${suffix}_migrations`);
const pushedUrl = withDatabaseName(serverUrl, `migcheck_${suffix}_schema`);

describe('migrations and schema.prisma', () => {
  let migrated: Map<string, CatalogObject>;
  let pushed: Map<string, CatalogObject>;

  beforeAll(async () => {
    await Promise.all([ensureDatabase(migratedUrl), ensureDatabase(pushedUrl)]);
    await Promise.all([migrateDeploy(migratedUrl), dbPush(pushedUrl)]);
    [migrated, pushed] = await Promise.all([dumpCatalog(migratedUrl), dumpCatalog(pushedUrl)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([dropDatabase(migratedUrl), dropDatabase(pushedUrl)]);
  });

  it('schema.prisma is valid (prisma validate)', async () => {
    await expect(runPrismaCli(['validate'], pushedUrl)).resolves.toContain('is valid');
  });

  it('both databases hold every model of schema.prisma (the comparison is not vacuous)', () => {
    const models = [...readFileSync(SCHEMA_PRISMA, 'utf8').matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]).sort();
    const tables = (dump: Map<string, CatalogObject>) =>
      [...dump.values()].filter((o) => o.kind === 'table').map((o) => o.name).sort();
    expect(models.length).toBeGreaterThan(0);
    expect(tables(pushed)).toEqual(models);
    expect(tables(migrated)).toEqual(models);
  });

  it('prisma/sql-only-objects.json is well-formed', () => {
    const keys = listed.map((o) => `${o.kind} ${o.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const o of listed) {
      expect(typeof o.kind === 'string' && o.kind.length > 0).toBe(true);
      expect(typeof o.name === 'string' && o.name.length > 0).toBe(true);
      expect(['absent', 'differs']).toContain(o.inSchemaPrisma);
      expect(typeof o.why === 'string' && o.why.length > 10).toBe(true);
    }
  });

  it('applying all migrations gives exactly schema.prisma plus the SQL-only objects of prisma/sql-only-objects.json', () => {
    const differences = compare(migrated, pushed);
    const message = report(differences, listed);
    if (message) throw new Error(message);
    expect(differences.map((d) => `${d.kind} ${d.name}`).sort()).toEqual(listed.map((o) => `${o.kind} ${o.name}`).sort());
  });
});

describe('migrations replay like `prisma migrate dev` does', () => {
  // migrate dev replays every migration into a fresh shadow database that has no
  // _prisma_migrations table; a migration that assumes it exists breaks db:migrate for everyone.
  const shadowUrl = withDatabaseName(serverUrl, `migcheck_${suffix}_shadow`);

  afterAll(async () => {
    await dropDatabase(shadowUrl);
  });

  it('applies every migration, in order, to a database without _prisma_migrations', async () => {
    await ensureDatabase(shadowUrl);
    const dir = new URL('./migrations/', import.meta.url);
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(names.length).toBeGreaterThan(2);
    const client = new pg.Client({ connectionString: shadowUrl });
    await client.connect();
    try {
      for (const name of names) {
        const script = readFileSync(new URL(`${name}/migration.sql`, dir), 'utf8');
        // One simple-protocol query per migration, as our migration adapter sends it.
        await expect(client.query(script).then(() => name)).resolves.toBe(name);
      }
      const { rows } = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
      expect(rows[0].t).toBeNull();
    } finally {
      await client.end();
    }
  });
});
