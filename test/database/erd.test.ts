import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ERD_PATH, renderErd } from '../../scripts/erd-render';

// docs/erd.md is generated from prisma/schema.prisma by `npm run erd`. These tests keep it in step
// with the schema, and check the renderer against the migrated test database so a parser gap
// (a model or relation it misses) cannot hide.

describe('docs/erd.md', () => {
  it('is up to date with prisma/schema.prisma (run `npm run erd` after changing the schema)', () => {
    let committed: string;
    try {
      committed = readFileSync(ERD_PATH, 'utf8');
    } catch {
      throw new Error('docs/erd.md is missing: run `npm run erd`');
    }
    const fresh = renderErd();
    if (committed !== fresh) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `docs/erd.md is stale: run \`npm run erd\` and commit the result.\n` +
          `First difference at line ${line + 1}:\n  committed: ${a[line] ?? '(end of file)'}\n  expected:  ${b[line] ?? '(end of file)'}`,
      );
    }
  });

  it('renders deterministically', () => {
    expect(renderErd()).toBe(renderErd());
  });

  it('has one entity per table and one relationship per foreign key of the migrated database', async () => {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ name: string }>(
        `SELECT relname AS name FROM pg_class
         WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> '_prisma_migrations' ORDER BY 1`,
      );
      const { rows: fks } = await client.query<{ from: string; to: string }>(
        `SELECT conrelid::regclass::text AS "from", confrelid::regclass::text AS "to" FROM pg_constraint
         WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
      );
      const mermaid = /```mermaid\n([\s\S]*?)```/.exec(renderErd())?.[1] ?? '';
      const entities = [...mermaid.matchAll(/^ {2}(\w+) \{$/gm)].map((m) => m[1]).sort();
      const relationships = [...mermaid.matchAll(/^ {2}(\w+) [|}][|o](?:--|\.\.)[o|][{|] (\w+) : /gm)]
        .map((m) => `${m[2]} -> ${m[1]}`)
        .sort();
      expect(entities).toEqual(tables.map((t) => t.name));
      expect(relationships).toEqual(fks.map((f) => `${f.from.replace(/"/g, '')} -> ${f.to.replace(/"/g, '')}`).sort());
    } finally {
      await client.end();
    }
  });
});
